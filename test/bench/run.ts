/**
 * `npm run bench`: the action's speed where users feel it, against the Omni emulator over
 * loopback (method and results: BENCHMARKS.md).
 *
 *   npm run bench                 everything (about 15 minutes); results in .bench/
 *   npm run bench -- --write      … and the results section of BENCHMARKS.md
 *   npm run bench -- --smoke      a few samples of each, to check the harness works (CI)
 *   npm run bench -- --only cold,single,memory,polling,sim-suites,suites,dist-suites,routines
 *   npm run bench -- --dist path/to/index.js --label name    another build of the action, kept apart
 *
 * Exits non-zero only when the harness cannot measure (an error, the action failing a run), never
 * on a missed target: benchmarks report, tests assert.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { actionEntry, assertDistBuilt, useActionEntry } from './action.js';
import { measureColdStart } from './cold-start.js';
import { measureDistSuite } from './dist-suites.js';
import { describeMachine } from './machine.js';
import { measureMemory } from './memory.js';
import { measurePolling, Strategies } from './polling.js';
import { renderResults, type Results } from './report.js';
import { simulateSuite } from './sim-suites.js';
import { measureSingleRuns } from './single-runs.js';
import { measureSuite } from './suites.js';
import { measureRoutines, renderRoutinesBench, type RoutinesBench } from './routines.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const Parts = ['cold', 'single', 'memory', 'polling', 'sim-suites', 'suites', 'dist-suites', 'routines'] as const;
type Part = (typeof Parts)[number];
const StartMarker = '<!-- bench:results:start -->';
const EndMarker = '<!-- bench:results:end -->';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    only: { type: 'string' },
    dist: { type: 'string' },
    runs: { type: 'string' },
    label: { type: 'string' },
  },
});

const smoke = values.smoke;
const parts = new Set<Part>(values.only ? (values.only.split(',').map((part) => part.trim()) as Part[]) : Parts);
for (const part of parts) if (!Parts.includes(part)) throw new Error(`--only: unknown part '${part}' (known: ${Parts.join(', ')})`);
if (values.dist) useActionEntry(values.dist);
assertDistBuilt();

/** The budgets and suite sizes the scheduler is measured at; in simulated time all of them. */
const SuiteBudgets = [10, 20, 60];
const SuiteSizes = [12, 30, 100];
/** A suite run through dist/ in real time; jobs of `distSuiteJobMs` unless it says otherwise. */
interface DistSuite {
  cases: number;
  requestsPerMinute: number;
  jobMs?: [number, number];
}
/** Job durations in simulated time: short answers of about 8 s, and the 15–60 s of longer questions. */
const SimJobRanges: [number, number][] = [
  [7_000, 9_000],
  [15_000, 60_000],
];

/** Sample sizes: enough for stable medians and p95s in the full run; just enough to run every path in the smoke. */
const plan = smoke
  ? {
      coldRuns: 2,
      singleRuns: 2,
      singleJobMs: [300, 900],
      resultBytes: 5e6,
      pollingJobs: 2,
      pollingScale: 50,
      simSuites: [
        { cases: 12, requestsPerMinute: 20 },
        { cases: 30, requestsPerMinute: 60 },
      ],
      suiteCases: [10],
      suiteScale: 50,
      suitePeers: [Strategies[2]!],
      distSuites: [{ cases: 2, requestsPerMinute: 60 }] as DistSuite[],
      distSuiteJobMs: [1_000, 3_000],
      routines: 10,
      routinesScale: 50,
    }
  : {
      coldRuns: 20,
      singleRuns: Number(values.runs ?? 40),
      singleJobMs: [3_000, 9_000],
      resultBytes: 50e6,
      pollingJobs: 20,
      pollingScale: 1,
      simSuites: SuiteBudgets.flatMap((requestsPerMinute) => SuiteSizes.map((cases) => ({ cases, requestsPerMinute }))),
      suiteCases: [10, 30, 100],
      suiteScale: 2,
      suitePeers: Strategies.slice(1),
      // In real time only what ends within about five minutes: 100 cases at 10 or 20 a minute
      // (30 and 15 minutes) and 30 at 10 (8 minutes) are measured in simulated time only.
      distSuites: [
        { cases: 12, requestsPerMinute: 10 },
        { cases: 12, requestsPerMinute: 20 },
        { cases: 12, requestsPerMinute: 60 },
        { cases: 30, requestsPerMinute: 20 },
        { cases: 30, requestsPerMinute: 60 },
        { cases: 100, requestsPerMinute: 60 },
        // Short answers, as in the scheduler's simulated runs.
        { cases: 12, requestsPerMinute: 20, jobMs: [7_000, 9_000] },
        { cases: 12, requestsPerMinute: 60, jobMs: [7_000, 9_000] },
      ] as DistSuite[],
      distSuiteJobMs: [15_000, 60_000],
      routines: 100,
      routinesScale: 10,
    };

const log = (line: string) => console.log(`[bench] ${line}`);
const results: Results = { machine: describeMachine(), smoke, dist: relative(root, actionEntry()) };
const started = performance.now();

if (parts.has('cold')) {
  log(`cold start: ${plan.coldRuns} paired runs of node -e 0 and ${results.dist}`);
  results.coldStart = await measureColdStart(plan.coldRuns);
}
if (parts.has('single')) {
  log(`single prompt on a pull request: ${plan.singleRuns} runs, jobs of ${plan.singleJobMs[0]}–${plan.singleJobMs[1]} ms`);
  results.single = await measureSingleRuns({ runs: plan.singleRuns, minJobMs: plan.singleJobMs[0]!, maxJobMs: plan.singleJobMs[1]! });
}
if (parts.has('memory')) {
  log(`memory: a ${(plan.resultBytes / 1e6).toFixed(0)} MB result`);
  results.memory = await measureMemory(plan.resultBytes);
}
if (parts.has('polling')) {
  log(`polling strategies: ${plan.pollingJobs} jobs of 15–60 s each${plan.pollingScale > 1 ? `, time ×${plan.pollingScale}` : ''}`);
  results.polling = await measurePolling({ jobsPerStrategy: plan.pollingJobs, minJobMs: 15_000, maxJobMs: 60_000, scale: plan.pollingScale });
}
if (parts.has('sim-suites')) {
  results.suites ??= [];
  for (const [minJobMs, maxJobMs] of SimJobRanges) {
    for (const { cases, requestsPerMinute } of plan.simSuites) {
      log(`suite of ${cases} at ${requestsPerMinute} requests/min, jobs of ${minJobMs / 1000}–${maxJobMs / 1000} s, simulated time`);
      results.suites.push(await simulateSuite({ cases, requestsPerMinute, minJobMs, maxJobMs }));
    }
  }
}
if (parts.has('suites')) {
  results.suites ??= [];
  for (const cases of plan.suiteCases) {
    for (const strategy of [undefined, ...plan.suitePeers]) {
      log(`suite of ${cases}: ${strategy?.name ?? 'scheduler'}, time ×${plan.suiteScale}`);
      results.suites.push(await measureSuite({ cases, scale: plan.suiteScale, ...(strategy ? { strategy } : {}) }));
    }
  }
}

results.loadAverageAtEnd = Math.round(loadavg()[0]! * 100) / 100;
if (parts.has('dist-suites')) {
  results.suites ??= [];
  for (const { cases, requestsPerMinute, jobMs = plan.distSuiteJobMs } of plan.distSuites) {
    log(`suite of ${cases} at ${requestsPerMinute} requests/min, jobs of ${jobMs[0]! / 1000}–${jobMs[1]! / 1000} s, through ${results.dist}, real time`);
    results.suites.push(await measureDistSuite({ cases, requestsPerMinute, minJobMs: jobMs[0]!, maxJobMs: jobMs[1]! }));
  }
}

let routines: RoutinesBench | undefined;
if (parts.has('routines')) {
  log(`routines as code: ${plan.routines} routines at 60 requests a minute, time ×${plan.routinesScale}`);
  routines = await measureRoutines({ routines: plan.routines, scale: plan.routinesScale });
}

const markdown = [renderResults(results), ...(routines ? ['', renderRoutinesBench(routines)] : [])].join('\n');
const out = join(root, '.bench');
await mkdir(out, { recursive: true });
const name = values.label ?? (smoke ? 'smoke' : 'results');
await writeFile(join(out, `${name}.json`), `${JSON.stringify({ ...results, ...(routines ? { routines } : {}) }, null, 2)}\n`);
await writeFile(join(out, `${name}.md`), `${markdown}\n`);
console.log(`\n${markdown}\n`);
log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; raw results in .bench/${name}.json`);

if (values.write) {
  if (smoke) throw new Error('--write needs a full run, not --smoke');
  const file = join(root, 'BENCHMARKS.md');
  const text = await readFile(file, 'utf8');
  const from = text.indexOf(StartMarker);
  const to = text.indexOf(EndMarker);
  if (from === -1 || to < from) throw new Error(`BENCHMARKS.md has no ${StartMarker} … ${EndMarker} section`);
  await writeFile(file, `${text.slice(0, from + StartMarker.length)}\n${markdown}\n${text.slice(to)}`);
  log('BENCHMARKS.md updated');
}
