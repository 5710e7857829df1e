/**
 * The suite report: what ran, how each case fared, what the branch changed. Written as JSON beside
 * the JUnit file (`reportFile`) by the suite mode, merged across matrix legs (merge.ts), rendered
 * as markdown and JUnit XML.
 */
import { createHash } from 'node:crypto';
import type { Outcome } from '../job/outcome.js';
import type { QueryDigest } from '../omni/result-digest.js';
import type { CaseDiff } from './compare.js';
import type { ExpectationResult } from './expectations.js';
import type { Suite } from './suite.js';
import type { ShardSpec } from './shard.js';

export const ReportKind = 'omni-ai-job/suite-report';
/** Version 2 records the workflow run and what kind of run each job had. */
export const ReportVersion = 2;

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

/** The GitHub Actions workflow run a report was made in (`GITHUB_RUN_ID`, `GITHUB_RUN_ATTEMPT`). */
export interface WorkflowRun {
  id: string;
  attempt: number;
}

export interface SuiteReport {
  kind: typeof ReportKind;
  version: typeof ReportVersion;
  /** Where the report was made; absent outside GitHub Actions. A merged report: the legs' run. */
  workflowRun?: WorkflowRun;
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
