import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findReportFiles, mergeReportFiles, mergeReports, readReportFile, type LegReport } from '../../src/suite/merge.js';
import type { SuiteReport, WorkflowRun } from '../../src/suite/report.js';
import { complete } from './support/outcomes.js';
import { Model, runStubSuite } from './support/suite-run.js';

const Suite = `modelId: ${Model}\ncases:\n${['a', 'b', 'c', 'd', 'e'].map((id) => `  - id: ${id}\n    prompt: question ${id}`).join('\n')}\n`;
const ThisRun: WorkflowRun = { id: '9001', attempt: 1 };

/** The legs of one sharded run, each as read from `leg-<i>.json`. */
async function legs(total: number, options: { yaml?: string; workflowRun?: WorkflowRun } = {}): Promise<LegReport[]> {
  const reports: LegReport[] = [];
  for (let index = 1; index <= total; index++) {
    const { report } = await runStubSuite(
      options.yaml ?? Suite,
      (request) => (request.prompt.endsWith('c') ? complete('no', [], { result: { queries: [] } }) : complete()),
      { shard: { index, total }, requestsPerMinute: 20 },
      undefined,
      { workflowRun: options.workflowRun ?? ThisRun },
    );
    reports.push({ file: `leg-${index}.json`, report });
  }
  return reports;
}

function fromRun(leg: LegReport, workflowRun: WorkflowRun | undefined, file = leg.file): LegReport {
  const report: SuiteReport = { ...leg.report };
  if (workflowRun) report.workflowRun = workflowRun;
  else delete report.workflowRun;
  return { file, report };
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
    expect(merged).toMatchObject({ mergedShards: 3, requestsPerMinute: 60, workflowRun: ThisRun });
  });

  it('returns a report of an unsharded run as it is', async () => {
    const { report } = await runStubSuite(Suite, () => complete());
    expect(mergeReports([{ file: 'suite-report.json', report }])).toBe(report);
  });

  it('refuses legs of different suites, naming the files', async () => {
    const [one, two] = await legs(2);
    const [, other] = await legs(2, { yaml: Suite.replace('question e', 'question E') });
    expect(() => mergeReports([one!, other!])).toThrow(
      "reports: 'leg-2.json' (shard 2/2) and 'leg-1.json' (shard 1/2) come from different suites or targets; merge only the legs of one run (download the artifacts of this workflow run only)",
    );
    expect(() => mergeReports([one!, two!])).not.toThrow();
  });

  it('refuses a leg of another workflow run, naming it', async () => {
    const [one, two, three] = await legs(3);
    const stale = fromRun(two!, { id: '8999', attempt: 1 }, 'old/leg-2.json');
    expect(() => mergeReports([one!, stale, three!])).toThrow(
      "reports: 'old/leg-2.json' (shard 2/3) comes from workflow run 8999, the other legs from workflow run 9001; merge only the legs of one run (download the artifacts of this workflow run only)",
    );
    // Split evenly: the merge step's own run decides which legs are the odd ones.
    const [a, b] = await legs(2);
    const other = fromRun(b!, { id: '8999', attempt: 2 });
    expect(() => mergeReports([a!, other], ThisRun)).toThrow("reports: 'leg-2.json' (shard 2/2) comes from workflow run 8999, the other legs from workflow run 9001");
    expect(() => mergeReports([a!, other], { id: '8999', attempt: 2 })).toThrow("reports: 'leg-1.json' (shard 1/2) comes from workflow run 9001");
    // A report made outside GitHub Actions does not mix with the legs of a run either.
    expect(() => mergeReports([one!, fromRun(two!, undefined), three!])).toThrow(
      "reports: 'leg-2.json' (shard 2/3) comes from no workflow run (made outside GitHub Actions), the other legs from workflow run 9001",
    );
  });

  it('takes the latest attempt of a leg that was re-run, and keeps the legs that were not', async () => {
    const [one, two] = await legs(2);
    const rerun = fromRun(two!, { id: ThisRun.id, attempt: 2 }, 'attempt-2/leg-2.json');
    rerun.report = { ...rerun.report, cases: rerun.report.cases.map((c) => ({ ...c, prompt: `${c.prompt} (re-run)` })) };
    const merged = mergeReports([one!, two!, rerun]);
    expect(merged.cases.map((c) => c.prompt)).toEqual(['question a', 'question b (re-run)', 'question c', 'question d (re-run)', 'question e']);
    expect(merged.workflowRun).toEqual({ id: ThisRun.id, attempt: 2 });
  });

  it('refuses a missing leg, naming it', async () => {
    const [one, , three] = await legs(3);
    expect(() => mergeReports([one!, three!])).toThrow(
      'reports: shard 2/3 missing (found 1/3, 3/3); did a leg fail before uploading its report? Upload with if: always()',
    );
  });

  it('refuses a leg given twice, mixed totals, and a mix of sharded and unsharded reports', async () => {
    const [one, two] = await legs(2);
    expect(() => mergeReports([one!, two!, { ...one!, file: 'copy/leg-1.json' }])).toThrow(
      "reports: shard 1/2 appears more than once ('leg-1.json', 'copy/leg-1.json'); each leg",
    );
    const [first3] = await legs(3);
    expect(() => mergeReports([one!, first3!])).toThrow("reports: legs of 2 and of 3 shards are mixed ('leg-1.json' (shard 1/3)); use one shard total in the matrix");
    const { report: whole } = await runStubSuite(Suite, () => complete(), {}, undefined, { workflowRun: ThisRun });
    expect(() => mergeReports([{ file: 'whole.json', report: whole }, one!])).toThrow(
      "reports: 2 reports, but 'whole.json' ran every case (no shard); merge only the legs of a sharded run",
    );
  });

  it('refuses legs that disagree on which case ran where', async () => {
    const [one, two] = await legs(2);
    const overlapping = { ...two!, report: { ...two!.report, cases: [...two!.report.cases, one!.report.cases[0]!] } };
    expect(() => mergeReports([one!, overlapping])).toThrow("reports: case 'a' ran in more than one leg");
    const short = { ...two!, report: { ...two!.report, cases: two!.report.cases.slice(1) } };
    expect(() => mergeReports([one!, short])).toThrow('reports: the legs ran 4 cases but the suite has 5');
  });

  it('refuses nothing to merge', () => {
    expect(() => mergeReports([])).toThrow('reports: no suite report to merge');
  });
});

describe('report files', () => {
  const write = (file: string, report: SuiteReport) => writeFile(file, JSON.stringify(report, null, 2));

  it("finds the legs' reports under a directory, as download-artifact leaves them, ignoring other JSON", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reports-'));
    const reports = await legs(2);
    await mkdir(join(dir, 'omni-suite-1'));
    await mkdir(join(dir, 'omni-suite-2'));
    await write(join(dir, 'omni-suite-1', 'suite-report.json'), reports[0]!.report);
    await write(join(dir, 'omni-suite-2', 'suite-report.json'), reports[1]!.report);
    await writeFile(join(dir, 'omni-suite-1', 'omni-ai-job-123.json'), '{"message": "a result file"}');
    expect(await findReportFiles(dir)).toEqual([join(dir, 'omni-suite-1', 'suite-report.json'), join(dir, 'omni-suite-2', 'suite-report.json')]);
    const merged = await mergeReportFiles(`${join(dir, 'omni-suite-1')}\n${join(dir, 'omni-suite-2', 'suite-report.json')}`);
    expect(merged.totals.cases).toBe(5);
  });

  it('names the file of a leg from another workflow run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reports-'));
    const [one, two] = await legs(2);
    await write(join(dir, 'leg-1.json'), one!.report);
    await write(join(dir, 'leg-2.json'), fromRun(two!, { id: '1234', attempt: 1 }).report);
    await expect(mergeReportFiles(dir, ThisRun)).rejects.toThrow(`reports: '${join(dir, 'leg-2.json')}' (shard 2/2) comes from workflow run 1234, the other legs from workflow run 9001`);
  });

  it('says clearly what is wrong with the reports input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reports-'));
    await expect(findReportFiles(' ')).rejects.toThrow("reports: give the directory (or files) holding the legs' JSON reports");
    await expect(findReportFiles(join(dir, 'nope'))).rejects.toThrow(`reports: '${join(dir, 'nope')}' does not exist; did the download-artifact step run, with this path?`);
    await expect(findReportFiles(dir)).rejects.toThrow(`reports: '${dir}' holds no suite report (*.json written by the suite legs)`);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"kind": "something else"}');
    await expect(readReportFile(bad)).rejects.toThrow(`reports: '${bad}' is not a suite report of this action (kind is not omni-ai-job/suite-report)`);
    await writeFile(bad, '{"kind": "omni-ai-job/suite-report", "version": 1}');
    await expect(readReportFile(bad)).rejects.toThrow('version 1; this action reads version 2: use the same action version in every job');
    await writeFile(bad, 'not json');
    await expect(readReportFile(bad)).rejects.toThrow(`reports: cannot read '${bad}': Unexpected token`);
  });
});
