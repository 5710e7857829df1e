/**
 * Suite mode from start to report: load the prompts file, resolve the branch, run every case
 * (and its shared-model twin) under the step's budget, check expectations, compare, report.
 * Knows nothing of GitHub: the caller publishes the report (summary, comment, outputs, files).
 */
import type { Clock } from '../lib/clock.js';
import type { RunnerEvent } from '../job/runner.js';
import type { OmniApi } from '../omni/api.js';
import type { JobRequest, OutcomeState } from '../job/outcome.js';
import type { RequestBudget } from '../omni/request-budget.js';
import { webhookFields, type WebhookSettings } from '../action/settings.js';
import { resolveBranchId } from '../omni/branch.js';
import { compareOutcomes } from './compare.js';
import { allPassed, evaluate } from './expectations.js';
import { loadPromptsFile } from './prompts-file.js';
import type { Suite, SuiteCase } from './suite.js';
import { boundOutcome, ReportKind, ReportVersion, suiteFingerprint, totalsOf, type CaseReport, type RunRecord, type SuiteReport, type WorkflowRun } from './report.js';
import { runScheduled, type JobRun, type JobRunner, type ScheduledJob } from './scheduler.js';
import { selectShard, type ShardSpec } from './shard.js';

/** The settings a suite run reads. */
export interface SuiteSettings {
  promptsFile?: string;
  /** Empty or absent: the file's modelId. */
  modelId?: string;
  branchId?: string;
  branchName?: string;
  topicName?: string;
  userId?: string;
  timeoutSeconds: number;
  failOn: ReadonlySet<OutcomeState>;
  webhook?: WebhookSettings;
  compareTo?: 'shared';
  shard?: ShardSpec;
}

export interface SuiteDeps {
  /** The Omni client; it takes each request from `budget`. */
  api: OmniApi;
  clock: Clock;
  /** The step's budget (for a matrix leg: its share, see legRequestsPerMinute). */
  budget: RequestBudget;
  /** Aborted when the workflow run is cancelled. */
  signal?: AbortSignal;
  resultDir: string;
  /** Runs one job (default runJob). */
  runJob?: JobRunner;
  /** Every runner event, keyed `<case id>` or `<case id>@shared` (logging, post-step state). */
  onEvent?: (key: string, event: RunnerEvent) => void;
  /** Progress lines for the log. */
  log?: (line: string) => void;
  /** Wall clock, for the report's timestamps. */
  now?: () => Date;
  maxConcurrency?: number;
  /** Shortest time between two status checks of a job; default Omni's 2 s. */
  minPollIntervalMs?: number;
  /** The GitHub Actions run this is part of, recorded so that merge can tell the legs of one run. */
  workflowRun?: WorkflowRun;
}

/** Where the suite's jobs run: the inputs first, the file's defaults for what the inputs leave out. */
export interface SuiteTarget {
  modelId: string;
  branchId?: string;
  branchName?: string;
  topicName?: string;
}

export const SharedSuffix = '@shared';

/** Loads `settings.promptsFile` and runs it (the leg's shard of it). */
export async function runSuite(settings: SuiteSettings, deps: SuiteDeps): Promise<SuiteReport> {
  if (!settings.promptsFile) throw new Error('promptsFile: suite mode needs a prompts file');
  const suite = await loadPromptsFile(settings.promptsFile);
  return runLoadedSuite(suite, settings, deps);
}

/**
 * The file's values are defaults: an input the workflow gives wins (so one suite file serves every
 * pull request, with `branchName: ${{ github.head_ref }}`). A branch counts as one setting: an
 * input naming a branch (by id or name) replaces the file's branch entirely.
 */
export function suiteTarget(suite: Suite, settings: SuiteSettings): SuiteTarget {
  const { defaults } = suite;
  const modelId = settings.modelId || defaults.modelId;
  if (!modelId) throw new Error(`modelId: set the modelId input, or modelId at the top of ${suite.file}`);
  const target: SuiteTarget = { modelId };
  const inputNamesBranch = settings.branchId !== undefined || settings.branchName !== undefined;
  const branchId = inputNamesBranch ? settings.branchId : defaults.branchId;
  const branchName = inputNamesBranch ? settings.branchName : defaults.branchName;
  if (branchId) target.branchId = branchId;
  if (branchName) target.branchName = branchName;
  const topicName = settings.topicName ?? defaults.topicName;
  if (topicName) target.topicName = topicName;
  return target;
}

export async function runLoadedSuite(suite: Suite, settings: SuiteSettings, deps: SuiteDeps): Promise<SuiteReport> {
  const log = deps.log ?? (() => undefined);
  const startedAt = (deps.now ?? (() => new Date()))();
  const startMs = deps.clock.now();
  const target = suiteTarget(suite, settings);
  if (settings.compareTo === 'shared' && !target.branchId && !target.branchName) {
    throw new Error(`compareTo: 'shared' compares a branch with the shared model, but no branch is set (branchId or branchName, as an input or in ${suite.file})`);
  }
  if (target.branchName && !target.branchId) {
    target.branchId = await resolveBranchId(deps.api, target.modelId, target.branchName, deps.signal);
    log(`Branch '${target.branchName}' is ${target.branchId}`);
  }

  const cases = selectShard(suite.cases, settings.shard);
  const compare = settings.compareTo === 'shared';
  const where = settings.shard ? ` (shard ${settings.shard.index}/${settings.shard.total})` : '';
  log(`Running ${cases.length} of ${suite.cases.length} cases from ${suite.file}${where}${compare ? ', each also on the shared model' : ''}, within ${deps.budget.perMinute} requests/min`);

  const jobs = cases.flatMap((testCase) => jobsOf(testCase, target, compare));
  const runs = await runScheduled({
    jobs,
    api: deps.api,
    budget: deps.budget,
    clock: deps.clock,
    timeoutMs: settings.timeoutSeconds * 1000,
    resultDir: deps.resultDir,
    ...(settings.userId ? { userId: settings.userId } : {}),
    ...(settings.webhook ? { extra: webhookFields(settings) } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.runJob ? { runJob: deps.runJob } : {}),
    ...(deps.maxConcurrency ? { maxConcurrency: deps.maxConcurrency } : {}),
    ...(deps.minPollIntervalMs !== undefined ? { minPollIntervalMs: deps.minPollIntervalMs } : {}),
    onEvent: (key, event) => {
      deps.onEvent?.(key, event);
      if (event.kind === 'finished') log(`${key}: ${event.outcome.state} after ${Math.round(event.outcome.timings.waitedMs / 1000)} s`);
    },
  });
  const byKey = new Map(runs.map((run) => [run.key, run]));

  const caseReports = cases.map((testCase) => {
    const run = byKey.get(testCase.id)!;
    const shared = compare ? byKey.get(testCase.id + SharedSuffix) : undefined;
    const report = caseReport(testCase, run, shared, settings);
    if (settings.shard) report.shard = settings.shard.index;
    return report;
  });

  const reportTarget: SuiteReport['target'] = { modelId: target.modelId };
  if (target.branchId) reportTarget.branchId = target.branchId;
  if (target.branchName) reportTarget.branchName = target.branchName;
  if (compare) reportTarget.compareTo = 'shared';
  const durationMs = Math.round(deps.clock.now() - startMs);
  const report: SuiteReport = {
    kind: ReportKind,
    version: ReportVersion,
    suite: { file: suite.file, fingerprint: suiteFingerprint(suite, reportTarget), cases: suite.cases.length },
    target: reportTarget,
    requestsPerMinute: deps.budget.perMinute,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(startedAt.getTime() + durationMs).toISOString(),
    durationMs,
    totals: totalsOf(caseReports),
    cases: caseReports,
  };
  if (settings.shard) report.shard = settings.shard;
  if (deps.workflowRun) report.workflowRun = deps.workflowRun;
  for (const testCase of caseReports) for (const line of verdictLines(testCase)) log(line);
  const { passed, failed, errors, skipped, changed } = report.totals;
  log(`Suite: ${passed} passed, ${failed} failed, ${errors} errors, ${skipped} skipped${compare ? `, ${changed} changed vs shared` : ''}`);
  return report;
}

function jobsOf(testCase: SuiteCase, target: SuiteTarget, compare: boolean): ScheduledJob[] {
  const request: JobRequest = { prompt: testCase.prompt, modelId: target.modelId };
  const topicName = testCase.topicName ?? target.topicName;
  if (topicName) request.topicName = topicName;
  if (testCase.conversationId) request.conversationId = testCase.conversationId;
  const shared: JobRequest = { ...request };
  if (target.branchId) request.branchId = target.branchId;
  if (target.branchName) request.branchName = target.branchName;
  const lane = testCase.conversationId ? { lane: `conversation:${testCase.conversationId}` } : {};
  const jobs: ScheduledJob[] = [{ key: testCase.id, request, ...lane }];
  if (compare) jobs.push({ key: testCase.id + SharedSuffix, request: shared, ...lane });
  return jobs;
}

function caseReport(testCase: SuiteCase, run: JobRun, shared: JobRun | undefined, settings: SuiteSettings): CaseReport {
  const report: CaseReport = {
    id: testCase.id,
    prompt: testCase.prompt,
    line: testCase.line,
    status: 'passed',
    expectations: [],
    run: runRecord(run),
  };
  if (shared) report.shared = runRecord(shared);
  const outcome = run.kind === 'ran' ? run.outcome : undefined;
  if (!outcome) {
    report.status = run.kind === 'error' ? 'error' : 'skipped';
  } else {
    report.expectations = evaluate(testCase, outcome);
    report.status = allPassed(report.expectations) ? 'passed' : 'failed';
    // Without a `state:` of its own, a case that did not complete is judged by failOn, as a single prompt is.
    if (report.status === 'failed' && !testCase.expect.state && outcome.state !== 'COMPLETE' && !settings.failOn.has(outcome.state)) {
      report.status = 'skipped';
      report.note = `ended ${outcome.state}, which failOn does not list: not judged`;
    }
  }
  if (outcome && shared?.kind === 'ran') report.diff = compareOutcomes(outcome, shared.outcome);
  return report;
}

function runRecord(run: JobRun): RunRecord {
  switch (run.kind) {
    case 'ran':
      return { kind: 'ran', outcome: boundOutcome(run.outcome), polls: run.polls };
    case 'error':
      return { kind: 'error', error: run.error, polls: run.polls };
    case 'skipped':
      return { kind: 'skipped', skipped: run.reason, polls: 0 };
  }
}

/**
 * What the step log says of a case that did not pass, so that the reason is in the log and not
 * only in the summary: why it could not run or was not judged, or its first failed expectation.
 */
function verdictLines(testCase: CaseReport): string[] {
  const lines: string[] = [];
  const { run, shared } = testCase;
  if (run.kind === 'error') lines.push(`${testCase.id}: could not run: ${run.error}`);
  else if (run.kind === 'skipped') lines.push(`${testCase.id}: not run: ${run.skipped}`);
  else if (testCase.status === 'skipped') lines.push(`${testCase.id}: ${testCase.note ?? `ended ${run.outcome.state}: not judged`}`);
  else if (testCase.status === 'failed') {
    const failures = testCase.expectations.filter((e) => !e.passed);
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more failed expectation${failures.length === 2 ? '' : 's'})` : '';
    lines.push(`${testCase.id}: failed: ${failures[0]!.name}: ${failures[0]!.message}${more}`);
  }
  if (shared?.kind === 'error') lines.push(`${testCase.id}${SharedSuffix}: could not run on the shared model: ${shared.error}`);
  else if (shared?.kind === 'skipped') lines.push(`${testCase.id}${SharedSuffix}: not run on the shared model: ${shared.skipped}`);
  return lines;
}
