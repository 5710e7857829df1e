/** The results as Markdown: the table BENCHMARKS.md shows, targets beside each figure. */
import type { ColdStartResult } from './cold-start.js';
import type { Machine } from './machine.js';
import type { MemoryResult } from './memory.js';
import type { PollingResult } from './polling.js';
import type { SingleRunsResult } from './single-runs.js';
import type { SuiteRun } from './suites.js';

export interface Results {
  machine: Machine;
  smoke: boolean;
  dist: string;
  loadAverageAtEnd?: number;
  coldStart?: ColdStartResult;
  single?: SingleRunsResult;
  memory?: MemoryResult;
  polling?: PollingResult;
  suites?: SuiteRun[];
}

export const Targets = {
  /** Spawn → first request, against the same for a bundle of `@actions/core` alone. */
  coldStartFloorRatio: 1.3,
  detectionP50Ms: 1_200,
  detectionP95Ms: 2_500,
  statusPerMinute: 30,
  overheadMs: 1_000,
  suiteAboveBound: 0.1,
  peakRssMiB: 150,
} as const;

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ms = (value: number) => `${Math.round(value)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const met = (ok: boolean) => (ok ? 'met' : '**not met**');
const pct = (ratio: number) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)} %`;

export function renderResults(results: Results): string {
  const lines: string[] = [];
  const { machine } = results;
  lines.push(
    `Measured ${machine.date.slice(0, 10)} on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}` +
      ` (1-minute load average ${machine.loadAverage} at the start, ${results.loadAverageAtEnd ?? '?'} at the end), action bundle \`${results.dist}\`${results.smoke ? ' — **smoke run: too few samples to mean anything**' : ''}.`,
    '',
    '| # | what | measured | target | |',
    '|---|---|---|---|---|',
  );
  const { coldStart, single, memory, suites, polling } = results;
  if (coldStart) {
    lines.push(
      `| 1 | cold start: spawn → first request to Omni, ÷ the same for a bundle of \`@actions/core\` alone (median of ${coldStart.runs} paired runs) | ${coldStart.floorRatio.toFixed(2)}× (${ms(coldStart.firstRequestMs.p50)} vs ${ms(coldStart.floorMs.p50)}) | ≤ ${Targets.coldStartFloorRatio}× | ${met(coldStart.floorRatio <= Targets.coldStartFloorRatio)} |`,
      `| 1 | … and ÷ spawn → exit of bare Node (\`node -e 0\`) | ${coldStart.ratio.toFixed(2)}× (${ms(coldStart.firstRequestMs.p50)} vs ${ms(coldStart.bareNodeMs.p50)}) | | |`,
      `| 1 | dist/ size | ${mib(coldStart.dist.totalBytes)} in ${coldStart.dist.files.length} files (${mib(coldStart.dist.jsBytes)} JavaScript; the floor bundle: ${mib(coldStart.floorBytes)}) | | |`,
    );
  }
  if (single) {
    const d = single.detectionMs;
    lines.push(
      `| 2 | detection latency: job terminal → process exit (${d.n} runs, jobs of ${s(single.jobMs.min)}–${s(single.jobMs.max)}) | p50 ${ms(d.p50)}, p95 ${ms(d.p95)} | p50 ≤ ${ms(Targets.detectionP50Ms)}, p95 ≤ ${ms(Targets.detectionP95Ms)} | ${met(d.p50 <= Targets.detectionP50Ms && d.p95 <= Targets.detectionP95Ms)} |`,
      `| 3 | status requests per minute of waiting, per job | p50 ${single.statusPerMinute.p50.toFixed(1)}, max ${single.statusPerMinute.max.toFixed(1)} | ≤ ${Targets.statusPerMinute} | ${met(single.statusPerMinute.max <= Targets.statusPerMinute)} |`,
      `| 4 | overhead: wall time − job duration (summary, result, PR comment) | p50 ${ms(single.overheadMs.p50)}, p95 ${ms(single.overheadMs.p95)} | ≤ ${ms(Targets.overheadMs)} | ${met(single.overheadMs.p50 <= Targets.overheadMs)} |`,
    );
  }
  for (const run of (suites ?? []).filter((run) => run.strategy.startsWith('this action'))) {
    lines.push(
      `| 5 | suite of ${run.cases} at ${run.requestsPerMinute}/min (${run.method}): wall ÷ lower bound; 429s | ${s(run.wallMs)} ÷ ${s(run.lowerBoundMs)} = ${(run.wallMs / run.lowerBoundMs).toFixed(2)}; ${run.refused} × 429 | ≤ ${1 + Targets.suiteAboveBound}; 0 × 429 | ${met(run.aboveBound <= Targets.suiteAboveBound && run.refused === 0 && run.failed === 0)} |`,
    );
  }
  if (memory) {
    lines.push(
      `| 6 | peak RSS handling a ${mib(memory.resultBytes)} result (same run with a small result) | ${memory.peakRssMiB.toFixed(0)} MiB (${memory.baselinePeakRssMiB.toFixed(0)} MiB) | ≤ ${Targets.peakRssMiB} MiB | ${met(memory.peakRssMiB <= Targets.peakRssMiB)} |`,
    );
  }
  if (single) {
    lines.push(
      '',
      'Where the time of one run goes (medians; p95 in brackets):',
      '',
      '| spawn → job created | job terminal → status check that sees it | that answer → process exit | overhead |',
      '|---|---|---|---|',
      `| ${ms(single.startupMs.p50)} (${ms(single.startupMs.p95)}) | ${ms(single.noticeMs.p50)} (${ms(single.noticeMs.p95)}) | ${ms(single.afterNoticeMs.p50)} (${ms(single.afterNoticeMs.p95)}) | ${ms(single.overheadMs.p50)} (${ms(single.overheadMs.p95)}) |`,
    );
  }
  if (coldStart) {
    lines.push(
      '',
      `With Node's compile cache warm (\`NODE_COMPILE_CACHE\`, not the case on a fresh hosted runner): ${coldStart.warmCacheRatio.toFixed(2)}× (${ms(coldStart.warmCacheFirstRequestMs.p50)}).`,
    );
  }
  if (polling) {
    const ours = polling.strategies[0]!;
    lines.push(
      '',
      `Polling strategies (7), the same ${ours.jobs} job durations (${s(polling.jobMs.min)}–${s(polling.jobMs.max)}) each, in process${polling.scale !== 1 ? `, time scaled ${polling.scale}×` : ''}:`,
      '',
      '| strategy | noticed p50 / p95 | finished p50 / p95 | status requests/min p50 | noticed p50 vs this action |',
      '|---|---|---|---|---|',
    );
    for (const result of polling.strategies) {
      lines.push(
        `| ${result.strategy.name} | ${ms(result.noticedMs.p50)} / ${ms(result.noticedMs.p95)} | ${ms(result.finishedMs.p50)} / ${ms(result.finishedMs.p95)} | ${result.statusPerMinute.p50.toFixed(1)} | ${(result.noticedMs.p50 / ours.noticedMs.p50).toFixed(1)}× |`,
      );
    }
  }
  const ours = (suites ?? []).filter((run) => run.strategy.startsWith('this action'));
  if (ours.length > 0) {
    lines.push(
      '',
      'Suites (5): the scheduler on one key at 10, 20 and 60 requests a minute, jobs of 7–9 s and of 15–60 s, in simulated time and through `dist/`, against the lower bound (`lowerBoundMs`):',
      '',
      '| cases | requests/min | how | wall | lower bound | wall ÷ bound | 429s | requests | completed |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    const order = (run: SuiteRun) => [run.method.startsWith('simulated') ? 0 : run.method.startsWith('in process') ? 1 : 2, run.requestsPerMinute, run.cases];
    const sorted = [...ours].sort((a, b) => order(a).reduce((d, x, i) => d || x - order(b)[i]!, 0));
    for (const run of sorted) {
      lines.push(
        `| ${run.cases} | ${run.requestsPerMinute} | ${run.method} | ${s(run.wallMs)} | ${s(run.lowerBoundMs)} | ${(run.wallMs / run.lowerBoundMs).toFixed(3)} | ${run.refused} | ${run.requests} | ${run.completed} / ${run.cases} |`,
      );
    }
  }
  const peers = (suites ?? []).filter((run) => run.method.startsWith('in process'));
  if (peers.some((run) => !run.strategy.startsWith('this action'))) {
    lines.push(
      '',
      'Suites against peers (7): one key, 60 requests/min, jobs 15–60 s; peers run one poller per job:',
      '',
      '| cases | strategy | how | wall | lower bound | above bound | 429s | requests | completed |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const run of peers) {
      // Runs that lost cases end early: their wall time says nothing about speed.
      const above = run.failed > 0 ? 'n/a: cases failed' : pct(run.aboveBound);
      lines.push(`| ${run.cases} | ${run.strategy} | ${run.method} | ${s(run.wallMs)} | ${s(run.lowerBoundMs)} | ${above} | ${run.refused} | ${run.requests} | ${run.completed} / ${run.cases} |`);
    }
  }
  return lines.join('\n');
}
