/**
 * `mode: merge`: the JSON reports of a sharded suite's matrix legs, found on disk and combined
 * into one report, after checking that they are the legs of one suite run, each exactly once.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ReportKind, ReportVersion, totalsOf, type SuiteReport, type WorkflowRun } from './report.js';

/** A leg's report and the file it was read from (named in every message about the leg). */
export interface LegReport {
  file: string;
  report: SuiteReport;
}

/** The legs' reports named by the `reports` input, combined into one. */
export async function mergeReportFiles(spec: string, current?: WorkflowRun): Promise<SuiteReport> {
  const files = await findReportFiles(spec);
  const legs = await Promise.all(files.map(async (file) => ({ file, report: await readReportFile(file) })));
  return mergeReports(legs, current);
}

/** Reads one report; a clear error naming the file when it is not one. */
export async function readReportFile(file: string): Promise<SuiteReport> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`reports: cannot read '${file}': ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  const problem = reportProblem(parsed);
  if (problem) throw new Error(`reports: '${file}' is not a suite report of this action (${problem})`);
  return parsed as SuiteReport;
}

function reportProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return 'not a JSON object';
  const report = value as Partial<SuiteReport>;
  if (report.kind !== ReportKind) return `kind is not ${ReportKind}`;
  if (report.version !== ReportVersion) return `version ${String(report.version)}; this action reads version ${ReportVersion}: use the same action version in every job`;
  if (!report.suite || typeof report.suite.fingerprint !== 'string') return 'no suite fingerprint';
  if (!Array.isArray(report.cases) || !report.totals || !report.target) return 'cases, totals or target missing';
  return undefined;
}

/**
 * The report files named by the `reports` input: a report file, a directory (searched
 * recursively for *.json files that are suite reports, as download-artifact leaves them), or
 * several of either separated by newlines or commas.
 */
export async function findReportFiles(spec: string): Promise<string[]> {
  const entries = spec
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new Error('reports: give the directory (or files) holding the legs\' JSON reports, e.g. the path download-artifact wrote them to');
  const files: string[] = [];
  for (const entry of entries) {
    let info;
    try {
      info = await stat(entry);
    } catch {
      throw new Error(`reports: '${entry}' does not exist; did the download-artifact step run, with this path?`);
    }
    if (info.isDirectory()) {
      const found = await reportFilesUnder(entry);
      if (found.length === 0) throw new Error(`reports: '${entry}' holds no suite report (*.json written by the suite legs)`);
      files.push(...found);
    } else {
      files.push(entry);
    }
  }
  return [...new Set(files)].sort();
}

async function reportFilesUnder(directory: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const file = join(entry.parentPath, entry.name);
    // Other JSON (result files uploaded alongside) is not an error: only reports are picked.
    const head = (await readFile(file, 'utf8')).slice(0, 200);
    if (head.includes(`"${ReportKind}"`)) found.push(file);
  }
  return found;
}

/**
 * One report from the legs' reports. They must come from one suite run: the same cases,
 * expectations and target, the same workflow run, the same number of legs, each leg once.
 *
 * A leg may appear from two attempts of the workflow run when only some jobs were re-run and the
 * artifacts of every attempt were downloaded: the latest attempt's report of that leg counts.
 * `current` is the merge step's own workflow run: when the legs come from several runs, the
 * legs of this run are the suite run, and the others are named as the odd ones.
 */
export function mergeReports(legs: readonly LegReport[], current?: WorkflowRun): SuiteReport {
  if (legs.length === 0) throw new Error('reports: no suite report to merge');
  const first = legs[0]!;
  for (const leg of legs) {
    if (leg.report.suite.fingerprint !== first.report.suite.fingerprint) {
      throw new Error(
        `reports: ${describe(leg)} and ${describe(first)} come from different suites or targets; merge only the legs of one run (download the artifacts of this workflow run only)`,
      );
    }
  }
  checkOneWorkflowRun(legs, current);
  if (legs.length === 1 && !first.report.shard) return first.report;
  const unsharded = legs.filter((leg) => !leg.report.shard);
  if (unsharded.length > 0) {
    throw new Error(`reports: ${legs.length} reports, but ${unsharded.map(describe).join(', ')} ran every case (no shard); merge only the legs of a sharded run`);
  }
  const total = first.report.shard!.total;
  const mixed = legs.find((leg) => leg.report.shard!.total !== total);
  if (mixed) throw new Error(`reports: legs of ${total} and of ${mixed.report.shard!.total} shards are mixed (${describe(mixed)}); use one shard total in the matrix`);

  const byShard = new Map<number, LegReport>();
  for (const leg of latestAttempts(legs)) {
    const index = leg.report.shard!.index;
    const earlier = byShard.get(index);
    if (earlier) {
      throw new Error(`reports: shard ${index}/${total} appears more than once ('${earlier.file}', '${leg.file}'); each leg's report must be uploaded once (give each artifact a unique name)`);
    }
    byShard.set(index, leg);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((index) => !byShard.has(index));
  if (missing.length > 0) {
    throw new Error(
      `reports: shard ${missing.map((i) => `${i}/${total}`).join(', ')} missing (found ${[...byShard.keys()].sort((a, b) => a - b).map((i) => `${i}/${total}`).join(', ')}); did a leg fail before uploading its report? Upload with if: always()`,
    );
  }
  const reports = [...byShard.values()].map((leg) => leg.report);
  const cases = reports.flatMap((r) => r.cases).sort((a, b) => a.line - b.line);
  const ids = new Set<string>();
  for (const testCase of cases) {
    if (ids.has(testCase.id)) throw new Error(`reports: case '${testCase.id}' ran in more than one leg; the legs disagree on the sharding (same action version everywhere?)`);
    ids.add(testCase.id);
  }
  if (cases.length !== first.report.suite.cases) throw new Error(`reports: the legs ran ${cases.length} cases but the suite has ${first.report.suite.cases}`);
  const startedAt = reports.map((r) => r.startedAt).sort()[0]!;
  const finishedAt = reports.map((r) => r.finishedAt).sort().at(-1)!;
  const merged: SuiteReport = {
    kind: ReportKind,
    version: ReportVersion,
    suite: first.report.suite,
    mergedShards: total,
    target: first.report.target,
    requestsPerMinute: reports.reduce((sum, r) => sum + r.requestsPerMinute, 0),
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)) || Math.max(...reports.map((r) => r.durationMs)),
    totals: totalsOf(cases),
    cases,
  };
  const latest = reports.map((r) => r.workflowRun).reduce<WorkflowRun | undefined>((a, b) => (!a || (b && b.attempt > a.attempt) ? b : a), undefined);
  if (latest) merged.workflowRun = latest;
  return merged;
}

/**
 * Every leg must come from one workflow run (a report made outside GitHub Actions has none). The
 * run of most legs, or the merge step's own when the legs are split evenly, is the suite's; the
 * others are named.
 */
function checkOneWorkflowRun(legs: readonly LegReport[], current?: WorkflowRun): void {
  const runOf = (leg: LegReport) => leg.report.workflowRun?.id ?? '';
  const groups = new Map<string, LegReport[]>();
  for (const leg of legs) groups.set(runOf(leg), [...(groups.get(runOf(leg)) ?? []), leg]);
  if (groups.size === 1) return;
  const largest = Math.max(...[...groups.values()].map((group) => group.length));
  const candidates = [...groups.entries()].filter(([, group]) => group.length === largest);
  const [run] = candidates.find(([id]) => id === current?.id) ?? candidates[0]!;
  const odd = legs.filter((leg) => runOf(leg) !== run);
  const where = (id: string) => (id ? `workflow run ${id}` : 'no workflow run (made outside GitHub Actions)');
  throw new Error(
    `reports: ${odd.map((leg) => `${describe(leg)} comes from ${where(runOf(leg))}`).join('; ')}, the other legs from ${where(run)}; merge only the legs of one run (download the artifacts of this workflow run only)`,
  );
}

/** Of the reports of one leg made in several attempts of the workflow run, the latest. */
function latestAttempts(legs: readonly LegReport[]): LegReport[] {
  const kept = new Map<string, LegReport>();
  const others: LegReport[] = [];
  for (const leg of legs) {
    const run = leg.report.workflowRun;
    if (!run || !leg.report.shard) {
      others.push(leg);
      continue;
    }
    const key = `${leg.report.shard.index}`;
    const earlier = kept.get(key);
    if (!earlier) kept.set(key, leg);
    else if (earlier.report.workflowRun!.attempt === run.attempt) others.push(leg);
    else if (earlier.report.workflowRun!.attempt < run.attempt) kept.set(key, leg);
  }
  return [...kept.values(), ...others];
}

function describe(leg: LegReport): string {
  const shard = leg.report.shard ? ` (shard ${leg.report.shard.index}/${leg.report.shard.total})` : '';
  return `'${leg.file}'${shard}`;
}
