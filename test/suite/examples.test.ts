/**
 * The examples run as documented: examples/prompts.yml passes against the emulator on the shared
 * model and on its branch, the comparison shows what the branch changes, a sharded run merges into
 * the same report, and the workflows only use inputs the action has.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { systemClock } from '../../src/lib/clock.js';
import { OmniClient } from '../../src/omni/client.js';
import { RequestBudget } from '../../src/omni/request-budget.js';
import { renderJunit } from '../../src/render/junit.js';
import { renderSuiteComment } from '../../src/render/suite-markdown.js';
import { loadPromptsFile } from '../../src/suite/prompts-file.js';
import { writeSuiteReports } from '../../src/modes/suite.js';
import { mergeReportFiles, mergeReports, type LegReport } from '../../src/suite/merge.js';
import { suiteFailed, type SuiteReport } from '../../src/suite/report.js';
import { runSuite } from '../../src/suite/run-suite.js';
import { legRequestsPerMinute } from '../../src/suite/shard.js';
import { Keys } from '../emulator/fixtures.js';
import { startEmulator, type EmulatorServer } from '../emulator/index.js';
import { suiteSettings, type PromptsFileSettings } from './support/settings.js';

/** High enough that the emulator's millisecond jobs are not held back by pacing. */
const RequestsPerMinute = 6_000;
let emulator: EmulatorServer;
let resultDir: string;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: { requestsPerMinute: RequestsPerMinute, retryAfter: true } });
  resultDir = await mkdtemp(join(tmpdir(), 'suite-examples-'));
});

afterAll(async () => {
  await emulator.close();
});

async function run(settings: Partial<PromptsFileSettings>): Promise<SuiteReport> {
  const full = suiteSettings({ omniApiBase: emulator.apiBase, apiKey: Keys.org, requestsPerMinute: RequestsPerMinute, ...settings });
  const budget = new RequestBudget(legRequestsPerMinute(full.requestsPerMinute, full.shard), systemClock);
  const api = new OmniClient({ apiBase: full.omniApiBase, apiKey: full.apiKey, budget, clock: systemClock });
  try {
    return await runSuite(full, { api, clock: systemClock, budget, resultDir, minPollIntervalMs: 10 });
  } finally {
    await api.close();
  }
}

describe('examples/prompts.yml against the emulator', () => {
  it('passes on the shared model', async () => {
    const report = await run({});
    expect(report.cases.map((c) => [c.id, c.status])).toEqual((await loadPromptsFile('examples/prompts.yml')).cases.map((c) => [c.id, 'passed']));
    expect(suiteFailed(report)).toBe(false);
  });

  it('passes on the branch, and shows what the branch changes against the shared model', async () => {
    const report = await run({ branchName: 'feature/net-revenue', compareTo: 'shared' });
    expect(report.totals).toMatchObject({ cases: 6, passed: 6, failed: 0 });
    const changed = Object.fromEntries(report.cases.map((c) => [c.id, c.diff?.changed]));
    // Revenue is redefined on the branch; order counts are not.
    expect(changed).toEqual({ 'top-products': true, 'revenue-by-region': true, 'order-count': false, 'returned-orders': false, 'jeans-revenue': true, 'aov-by-region': true });
    expect(report.cases.find((c) => c.id === 'jeans-revenue')!.diff!.summary).toBe('data: row 1 Total Revenue 9,398.48 → 8,118.97');

    const comment = renderSuiteComment(report, {});
    expect(comment).toContain('### Omni AI suite · ✅ 6 passed · 🔄 4 changed vs shared');
    const files = await writeSuiteReports(report, join(resultDir, 'reports'));
    expect(await readFile(files.junit, 'utf8')).toBe(renderJunit(report));
    expect(JSON.parse(await readFile(files.json, 'utf8'))).toEqual(report);
  });

  it('runs in two legs that merge into the same verdicts', async () => {
    const downloads = await mkdtemp(join(tmpdir(), 'suite-legs-'));
    const legs: LegReport[] = [];
    for (const index of [1, 2]) {
      const report = await run({ branchName: 'feature/net-revenue', compareTo: 'shared', shard: { index, total: 2 } });
      const files = await writeSuiteReports(report, join(downloads, `omni-suite-${index}`));
      legs.push({ file: files.json, report });
    }
    expect(legs.map((leg) => leg.report.requestsPerMinute)).toEqual([3_000, 3_000]);
    const merged = await mergeReportFiles(downloads);
    expect(merged).toEqual(mergeReports(legs));
    expect(merged.cases.map((c) => [c.id, c.status, c.diff?.changed])).toEqual([
      ['top-products', 'passed', true],
      ['revenue-by-region', 'passed', true],
      ['order-count', 'passed', false],
      ['returned-orders', 'passed', false],
      ['jeans-revenue', 'passed', true],
      ['aov-by-region', 'passed', true],
    ]);
  });
});

describe('examples/workflows', () => {
  const actionInputs = Object.keys((parse(readFileSyncUtf8('action.yml')) as { inputs: Record<string, unknown> }).inputs);
  const workflows = ['pr-review.yml', 'sharded.yml', 'schedule.yml'];

  interface Step {
    uses?: string;
    with?: Record<string, unknown>;
  }
  const steps = (file: string): Step[] => {
    const workflow = parse(readFileSyncUtf8(join('examples/workflows', file))) as { jobs: Record<string, { steps: Step[] }> };
    return Object.values(workflow.jobs).flatMap((job) => job.steps);
  };

  it.each(workflows)('%s uses only inputs the action declares, and prompts files that exist', (file) => {
    const ours = steps(file).filter((step) => step.uses?.startsWith('acme/omni-ai-job@'));
    expect(ours.length).toBeGreaterThan(0);
    for (const step of ours) {
      for (const input of Object.keys(step.with ?? {})) expect(actionInputs).toContain(input);
      const promptsFile = step.with?.promptsFile;
      if (typeof promptsFile === 'string') expect(existsSync(promptsFile)).toBe(true);
    }
  });

  it('sharded.yml: as many legs as the shard total, and the merge downloads what the legs upload', () => {
    const workflow = parse(readFileSyncUtf8('examples/workflows/sharded.yml')) as {
      jobs: { suite: { strategy: { matrix: { leg: number[] } }; steps: Step[] }; report: { needs: string; steps: Step[] } };
    };
    const legs = workflow.jobs.suite.strategy.matrix.leg;
    const run = workflow.jobs.suite.steps.find((s) => s.uses?.startsWith('acme/omni-ai-job@'))!;
    expect(run.with?.shard).toBe(`\${{ matrix.leg }}/${legs.length}`);
    const upload = workflow.jobs.suite.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.with?.path).toBe('${{ runner.temp }}/omni-ai-job/suite-report.json');
    const download = workflow.jobs.report.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    expect(String(upload.with?.name).replace('${{ matrix.leg }}', '*')).toBe(download.with?.pattern);
    const merge = workflow.jobs.report.steps.find((s) => s.uses?.startsWith('acme/omni-ai-job@'))!;
    expect(merge.with).toEqual({ mode: 'merge', reports: download.with?.path });
  });
});

function readFileSyncUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}
