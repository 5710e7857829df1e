/**
 * The suite report: what ran, how each case fared, what the branch changed. Written as JSON
 * (`reportFile`), merged across matrix legs, rendered as markdown and JUnit XML.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Outcome } from '../job/outcome.js';
import type { QueryDigest } from '../omni/result-digest.js';
import type { CaseDiff } from './compare.js';
import type { ExpectationResult } from './expectations.js';
import type { Suite } from './suite.js';
import type { ShardSpec } from './shard.js';

export const ReportKind = 'omni-ai-job/suite-report';
export const ReportVersion = 1;

export type CaseStatus = 'passed' | 'failed' | 'error' | 'skipped';

/**
 * One job of a case: on the branch (or the shared model when no branch is set), or the shared
 * model for comparison. It ran to an outcome, or could not be created, or was never started. The
 * fields of the other kinds are declared absent, so that `run.outcome` reads as "the outcome, if
 * it ran".
 */
export type RunRecord =
  | { kind: 'ran'; /** Bounded in size for the report. */ outcome: Outcome; /** Status checks made. */ polls: number; error?: never; skipped?: never }
  | { kind: 'error'; /** Why the job could not be created (Omni refused it). */ error: string; polls: number; outcome?: never; skipped?: never }
  | { kind: 'skipped'; /** Why the job was never started. */ skipped: string; polls: 0; outcome?: never; error?: never };

export interface CaseReport {
  id: string;
  prompt: string;
  /** Line of the case in the prompts file. */
  line: number;
  /** The matrix leg that ran it. */
  shard?: number;
  status: CaseStatus;
  /** Why a case that ran was not judged (skipped), for the report. */
  note?: string;
  expectations: ExpectationResult[];
  run: RunRecord;
  /** compareTo: shared — the same prompt on the shared model. */
  shared?: RunRecord;
  diff?: CaseDiff;
}

export interface SuiteTotals {
  cases: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  /** Cases whose answer, query or data differ from the shared model's. */
  changed: number;
}

export interface SuiteReport {
  kind: typeof ReportKind;
  version: typeof ReportVersion;
  suite: {
    file: string;
    /** Same cases, expectations and target ⇔ same fingerprint: legs of one suite run share it. */
    fingerprint: string;
    /** Cases in the whole file, across every leg. */
    cases: number;
  };
  /** The leg that wrote this report; absent when every case ran in one step. */
  shard?: ShardSpec;
  /** Set on a merged report: how many legs were combined. */
  mergedShards?: number;
  target: {
    modelId: string;
    branchId?: string;
    branchName?: string;
    compareTo?: 'shared';
  };
  /** The budget this step used (a merged report: the legs' sum). */
  requestsPerMinute: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  totals: SuiteTotals;
  cases: CaseReport[];
}

/** Identifies a suite run across legs: the cases with their expectations, and where they ran. */
export function suiteFingerprint(suite: Suite, target: SuiteReport['target']): string {
  const cases = suite.cases.map(({ id, prompt, topicName, conversationId, expect }) => ({ id, prompt, topicName, conversationId, expect }));
  const text = JSON.stringify({ defaults: suite.defaults, cases, target });
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export function totalsOf(cases: readonly CaseReport[]): SuiteTotals {
  const count = (status: CaseStatus) => cases.filter((c) => c.status === status).length;
  return {
    cases: cases.length,
    passed: count('passed'),
    failed: count('failed'),
    errors: count('error'),
    skipped: count('skipped'),
    changed: cases.filter((c) => c.diff?.changed).length,
  };
}

/**
 * The step fails when a case failed its expectations or could not run. (Cases are skipped only
 * when the workflow run is being cancelled, or after Omni refused the first jobs, which are errors.)
 */
export function suiteFailed(report: SuiteReport): boolean {
  return report.totals.failed + report.totals.errors > 0;
}

// --- Bounding: a report for 100 cases must stay a few megabytes at most ---------------------

const AnswerMaxChars = 8_000;
const ErrorMaxChars = 2_000;
const QueriesMax = 5;
const CsvRowsMax = 20;
const CsvMaxChars = 4_000;
const QueryObjectMaxChars = 4_000;

/** The outcome with long texts and data cut, for the report file (full data stays in resultFile). */
export function boundOutcome(outcome: Outcome): Outcome {
  const bounded = structuredClone(outcome);
  if (bounded.state === 'FAILED') {
    bounded.error.message = cut(bounded.error.message, ErrorMaxChars);
    if (bounded.error.detail) bounded.error.detail = cut(bounded.error.detail, ErrorMaxChars);
  }
  if (bounded.state === 'COMPLETE') {
    bounded.resultSummary = cut(bounded.resultSummary, AnswerMaxChars);
    if (bounded.resultError) bounded.resultError = cut(bounded.resultError, ErrorMaxChars);
    const result = bounded.result;
    if (result) {
      if (result.message !== undefined) result.message = result.message.trim() === bounded.resultSummary.trim() ? bounded.resultSummary : cut(result.message, AnswerMaxChars);
      result.queries = result.queries.slice(0, QueriesMax).map(boundQuery);
    }
  }
  return bounded;
}

function boundQuery(query: QueryDigest): QueryDigest {
  const bounded = { ...query, fields: query.fields.slice(0, 100) };
  const lines = query.csvHead.split('\n');
  // Cut at a line end; a quoted newline inside a cell may make the head a little shorter, never invalid for parseCsv.
  let head = lines.slice(0, CsvRowsMax + 1).join('\n');
  if (head.length > CsvMaxChars) head = head.slice(0, head.lastIndexOf('\n', CsvMaxChars));
  if (head.length < query.csvHead.length) {
    bounded.csvHead = head;
    bounded.csvHeadWasCut = true;
  }
  if (bounded.query && JSON.stringify(bounded.query).length > QueryObjectMaxChars) delete bounded.query;
  return bounded;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// --- Files -------------------------------------------------------------------------------

export async function writeReportFile(report: SuiteReport, file: string): Promise<void> {
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
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
    const head = await readHead(file);
    if (head.includes(`"${ReportKind}"`)) found.push(file);
  }
  return found;
}

async function readHead(file: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  return text.slice(0, 200);
}

// --- Merging the legs of a matrix --------------------------------------------------------

/**
 * One report from the legs' reports. They must come from the same suite run (same cases,
 * expectations and target), with the same number of legs, each leg exactly once.
 */
export function mergeReports(reports: readonly SuiteReport[]): SuiteReport {
  if (reports.length === 0) throw new Error('reports: no suite report to merge');
  const first = reports[0]!;
  for (const report of reports) {
    if (report.suite.fingerprint !== first.suite.fingerprint) {
      throw new Error(
        `reports: the reports come from different suites or targets (${describe(first)} vs ${describe(report)}); merge only the legs of one run (download the artifacts of this workflow run only)`,
      );
    }
  }
  if (reports.length === 1 && !first.shard) return first;
  const unsharded = reports.filter((r) => !r.shard);
  if (unsharded.length > 0) throw new Error(`reports: ${reports.length} reports, but ${unsharded.length} of them ran every case (no shard); merge only the legs of a sharded run`);
  const total = first.shard!.total;
  const mixed = reports.find((r) => r.shard!.total !== total);
  if (mixed) throw new Error(`reports: legs of ${total} and of ${mixed.shard!.total} shards are mixed; use one shard total in the matrix`);
  const seen = new Map<number, number>();
  for (const report of reports) seen.set(report.shard!.index, (seen.get(report.shard!.index) ?? 0) + 1);
  const duplicates = [...seen].filter(([, count]) => count > 1).map(([index]) => `${index}/${total}`);
  if (duplicates.length > 0) throw new Error(`reports: shard ${duplicates.join(', ')} appears more than once; each leg's report must be uploaded once (give each artifact a unique name)`);
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) {
    throw new Error(
      `reports: shard ${missing.map((i) => `${i}/${total}`).join(', ')} missing (found ${[...seen.keys()].sort((a, b) => a - b).map((i) => `${i}/${total}`).join(', ')}); did a leg fail before uploading its report? Upload with if: always()`,
    );
  }
  const cases = reports.flatMap((r) => r.cases).sort((a, b) => a.line - b.line);
  const ids = new Set<string>();
  for (const testCase of cases) {
    if (ids.has(testCase.id)) throw new Error(`reports: case '${testCase.id}' ran in more than one leg; the legs disagree on the sharding (same action version everywhere?)`);
    ids.add(testCase.id);
  }
  if (cases.length !== first.suite.cases) throw new Error(`reports: the legs ran ${cases.length} cases but the suite has ${first.suite.cases}`);
  const startedAt = reports.map((r) => r.startedAt).sort()[0]!;
  const finishedAt = reports.map((r) => r.finishedAt).sort().at(-1)!;
  const merged: SuiteReport = {
    kind: ReportKind,
    version: ReportVersion,
    suite: first.suite,
    mergedShards: total,
    target: first.target,
    requestsPerMinute: reports.reduce((sum, r) => sum + r.requestsPerMinute, 0),
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)) || Math.max(...reports.map((r) => r.durationMs)),
    totals: totalsOf(cases),
    cases,
  };
  return merged;
}

function describe(report: SuiteReport): string {
  const shard = report.shard ? ` shard ${report.shard.index}/${report.shard.total}` : '';
  return `${report.suite.file}${shard}`;
}
