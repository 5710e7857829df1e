import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequestBudget } from '../../src/omni/request-budget.js';
import { ReportFileNames, runSuiteMode, workflowRun, writeSuiteReports } from '../../src/modes/suite.js';
import { renderJunit } from '../../src/render/junit.js';
import { SimClock } from '../support/sim-clock.js';
import { suiteSettings } from '../suite/support/settings.js';
import { modelsOnlyApi, runStubSuite } from '../suite/support/suite-run.js';
import { complete } from '../suite/support/outcomes.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** What @actions/core writes to the step log while `work` runs. */
async function stepLog(work: () => Promise<unknown>): Promise<{ log: string; error?: Error }> {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await work();
    return { log: written.join('') };
  } catch (error) {
    return { log: written.join(''), error: error as Error };
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
  }
}

describe('runSuiteMode: a prompts file with mistakes', () => {
  it('annotates every problem on its line, and the step error lists the first five as file:line:col lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'suite-mode-'));
    const file = join(dir, 'prompts.yml');
    const cases = Array.from({ length: 7 }, (_, i) => `  - id: case-${i}\n    prompt: question ${i}\n    expect:\n      rowCount: -${i + 1}`);
    await writeFile(file, `modelId: 3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7\ncases:\n${cases.join('\n')}\n`);
    const clock = new SimClock();
    const api = modelsOnlyApi();
    const { log, error } = await stepLog(() =>
      runSuiteMode(suiteSettings({ promptsFile: file }), {
        api,
        clock,
        budget: new RequestBudget(60, clock),
        signal: new AbortController().signal,
        place: { owner: 'acme', repo: 'models' },
        resultDir: dir,
      }),
    );
    const lines = Array.from({ length: 5 }, (_, i) => `${file}:${6 + 4 * i}:17: cases[${i}].expect.rowCount must be a non-negative integer`);
    expect(error?.message).toBe([...lines, `… and 2 more problems in ${file}`].join('\n'));
    const annotations = log.split('\n').filter((line) => line.startsWith('::error '));
    expect(annotations).toHaveLength(7);
    expect(annotations[0]).toBe(`::error file=${file},line=6,col=17::cases[0].expect.rowCount must be a non-negative integer`);
    expect(api.listed).toEqual([]);
  });
});

describe('workflowRun', () => {
  it('reads the run and its attempt as the runner names them', () => {
    expect(workflowRun({ GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '3' })).toEqual({ id: '4242', attempt: 3 });
    expect(workflowRun({ GITHUB_RUN_ID: '4242' })).toEqual({ id: '4242', attempt: 1 });
    expect(workflowRun({})).toBeUndefined();
  });
});

describe('writeSuiteReports', () => {
  it('writes the JSON report that merge reads and the JUnit report, under fixed names', async () => {
    const { report } = await runStubSuite(`modelId: 3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7\ncases:\n  - id: a\n    prompt: p\n`, () => complete(), {}, undefined, {
      workflowRun: { id: '7', attempt: 1 },
    });
    const dir = await mkdtemp(join(tmpdir(), 'suite-reports-'));
    const files = await writeSuiteReports(report, join(dir, 'omni-ai-job'));
    expect(files).toEqual({ json: join(dir, 'omni-ai-job', ReportFileNames.json), junit: join(dir, 'omni-ai-job', ReportFileNames.junit) });
    expect(JSON.parse(await readFile(files.json, 'utf8'))).toEqual(report);
    expect(await readFile(files.junit, 'utf8')).toBe(renderJunit(report));
  });
});
