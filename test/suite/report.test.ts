import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompleteOutcome } from '../../src/job/outcome.js';
import { boundOutcome, findReportFiles, mergeReports, readReportFile, writeReportFile, type SuiteReport } from '../../src/suite/report.js';
import { mergeReportFiles } from '../../src/suite/run-suite.js';
import { complete, query } from './support/outcomes.js';
import { Model, runStubSuite } from './support/suite-run.js';

const Suite = `modelId: ${Model}\ncases:\n${['a', 'b', 'c', 'd', 'e'].map((id) => `  - id: ${id}\n    prompt: question ${id}`).join('\n')}\n`;

async function legs(total: number, yaml = Suite): Promise<SuiteReport[]> {
  const reports: SuiteReport[] = [];
  for (let index = 1; index <= total; index++) {
    const { report } = await runStubSuite(yaml, (request) => (request.prompt.endsWith('c') ? complete('no', [], { result: { queries: [] } }) : complete()), {
      shard: { index, total },
      requestsPerMinute: 20,
    });
    reports.push(report);
  }
  return reports;
}

describe('mergeReports', () => {
  it("combines the legs' reports into one, cases in file order", async () => {
    const merged = mergeReports((await legs(3)).reverse());
    expect(merged.cases.map((c) => [c.id, c.shard])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 1],
      ['e', 2],
    ]);
    expect(merged.totals).toEqual({ cases: 5, passed: 5, failed: 0, errors: 0, skipped: 0, changed: 0 });
    expect(merged.shard).toBeUndefined();
    expect(merged).toMatchObject({ mergedShards: 3, requestsPerMinute: 60 });
  });

  it('returns a report of an unsharded run as it is', async () => {
    const { report } = await runStubSuite(Suite, () => complete());
    expect(mergeReports([report])).toBe(report);
  });

  it('refuses legs of different suites', async () => {
    const [one, two] = await legs(2);
    const [, other] = await legs(2, Suite.replace('question e', 'question E'));
    expect(() => mergeReports([one!, other!])).toThrow(
      'reports: the reports come from different suites or targets (prompts.yml shard 1/2 vs prompts.yml shard 2/2); merge only the legs of one run (download the artifacts of this workflow run only)',
    );
    expect(() => mergeReports([one!, two!])).not.toThrow();
  });

  it('refuses a missing leg, naming it', async () => {
    const [one, , three] = await legs(3);
    expect(() => mergeReports([one!, three!])).toThrow(
      'reports: shard 2/3 missing (found 1/3, 3/3); did a leg fail before uploading its report? Upload with if: always()',
    );
  });

  it('refuses a leg given twice, mixed totals, and a mix of sharded and unsharded reports', async () => {
    const [one, two] = await legs(2);
    expect(() => mergeReports([one!, two!, one!])).toThrow('reports: shard 1/2 appears more than once; each leg');
    const [first3] = await legs(3);
    expect(() => mergeReports([one!, first3!])).toThrow('reports: legs of 2 and of 3 shards are mixed; use one shard total in the matrix');
    const { report: whole } = await runStubSuite(Suite, () => complete());
    expect(() => mergeReports([whole, one!])).toThrow('reports: 2 reports, but 1 of them ran every case (no shard); merge only the legs of a sharded run');
  });

  it('refuses legs that disagree on which case ran where', async () => {
    const [one, two] = await legs(2);
    const overlapping = { ...two!, cases: [...two!.cases, one!.cases[0]!] };
    expect(() => mergeReports([one!, overlapping])).toThrow("reports: case 'a' ran in more than one leg");
    const short = { ...two!, cases: two!.cases.slice(1) };
    expect(() => mergeReports([one!, short])).toThrow('reports: the legs ran 4 cases but the suite has 5');
  });

  it('refuses nothing to merge', () => {
    expect(() => mergeReports([])).toThrow('reports: no suite report to merge');
  });
});

describe('report files', () => {
  it('finds the legs\' reports under a directory, as download-artifact leaves them, ignoring other JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reports-'));
    const reports = await legs(2);
    await mkdir(join(dir, 'omni-suite-1'));
    await mkdir(join(dir, 'omni-suite-2'));
    await writeReportFile(reports[0]!, join(dir, 'omni-suite-1', 'suite-report.json'));
    await writeReportFile(reports[1]!, join(dir, 'omni-suite-2', 'suite-report.json'));
    await writeFile(join(dir, 'omni-suite-1', 'omni-ai-job-123.json'), '{"message": "a result file"}');
    expect(await findReportFiles(dir)).toEqual([join(dir, 'omni-suite-1', 'suite-report.json'), join(dir, 'omni-suite-2', 'suite-report.json')]);
    const merged = await mergeReportFiles(`${join(dir, 'omni-suite-1')}\n${join(dir, 'omni-suite-2', 'suite-report.json')}`);
    expect(merged.totals.cases).toBe(5);
  });

  it('says clearly what is wrong with the reports input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reports-'));
    await expect(findReportFiles(' ')).rejects.toThrow("reports: give the directory (or files) holding the legs' JSON reports");
    await expect(findReportFiles(join(dir, 'nope'))).rejects.toThrow(`reports: '${join(dir, 'nope')}' does not exist; did the download-artifact step run, with this path?`);
    await expect(findReportFiles(dir)).rejects.toThrow(`reports: '${dir}' holds no suite report (*.json written by the suite legs)`);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"kind": "something else"}');
    await expect(readReportFile(bad)).rejects.toThrow(`reports: '${bad}' is not a suite report of this action (kind is not omni-ai-job/suite-report)`);
    await writeFile(bad, '{"kind": "omni-ai-job/suite-report", "version": 99}');
    await expect(readReportFile(bad)).rejects.toThrow('version 99; this action reads version 1: use the same action version in every job');
    await writeFile(bad, 'not json');
    await expect(readReportFile(bad)).rejects.toThrow(`reports: cannot read '${bad}': Unexpected token`);
  });
});

describe('boundOutcome', () => {
  it('keeps a report small: long texts cut, at most 5 queries of 20 rows, large query objects dropped', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `row ${i},${i}`).join('\n');
    const long = 'x'.repeat(50_000);
    const outcome = complete(long, Array.from({ length: 8 }, () => query({ csvHead: `Name,Value\n${rows}`, query: { big: 'y'.repeat(10_000) } })));
    const bounded = boundOutcome(outcome) as CompleteOutcome;
    expect(bounded.resultSummary.length).toBe(8_000);
    expect(bounded.result!.message!.length).toBe(8_000);
    expect(bounded.result!.queries).toHaveLength(5);
    const first = bounded.result!.queries[0]!;
    expect(first.csvHead.split('\n')).toHaveLength(21);
    expect(first.csvHeadWasCut).toBe(true);
    expect(first.query).toBeUndefined();
    expect(JSON.stringify(bounded).length).toBeLessThan(40_000);
    // The original is untouched (expectations and the diff read it whole).
    expect((outcome.result!.queries[0]!.csvHead.match(/\n/g) ?? []).length).toBe(200);
  });
});
