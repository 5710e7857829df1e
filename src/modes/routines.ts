/**
 * routinesFile: routines as code. Reads and checks the file (nothing is sent before it passes),
 * resolves branch names, lists the owner's routines, plans; on a plan previews the changed
 * prompts as AI jobs, with `apply: true` makes the changes. Then the reports: one sticky PR
 * comment, the job summary, the JSON plan file and the count outputs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import type { Clock } from '../lib/clock.js';
import { redact } from '../lib/secrets.js';
import type { OmniApi, OmniRoutinesApi } from '../omni/api.js';
import { OmniApiError } from '../omni/errors.js';
import type { RequestBudget } from '../omni/request-budget.js';
import { runJob } from '../job/runner.js';
import type { Outcome } from '../job/outcome.js';
import { applyPlan, type ApplyCounts } from '../routines/apply.js';
import { loadRoutinesFile, RoutinesFileError, type RoutinesFile } from '../routines/file.js';
import { listAllRoutines } from '../routines/list.js';
import { StackPattern } from '../routines/marker.js';
import { buildPlan, countPlan, DuplicateMarkerError, type PlannedRoutine, type Preview, type RoutinesPlan } from '../routines/plan.js';
import { resolveRoutines } from '../routines/resolve.js';
import { renderRoutinesComment, renderRoutinesSummary, type RoutinesReport, type RoutinesReportContext } from '../render/routines.js';
import { postComment, writeSummary } from '../github/publish.js';
import type { RunPlace } from '../github/run-context.js';
import { ActiveJobs } from '../action/state-helper.js';
import { Outputs } from '../action/constants.js';
import type { RoutinesSettings } from '../action/settings.js';

/** The settings of routines mode (src/action/settings.ts). */
export type RoutinesModeSettings = RoutinesSettings;

export interface RoutinesModeDeps {
  api: OmniApi & OmniRoutinesApi;
  clock: Clock;
  budget: RequestBudget;
  signal: AbortSignal;
  place: RunPlace;
  resultDir: string;
  /** Wall-clock time, for next runs and the plan's date (the clock is monotonic). */
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
}

/** Previews run at once: each polls Omni every few seconds, within the step's request budget. */
const PreviewConcurrency = 3;

export async function runRoutinesMode(settings: RoutinesModeSettings, deps: RoutinesModeDeps): Promise<RoutinesReport> {
  const env = deps.env ?? process.env;
  const now = deps.now ?? (() => new Date());
  const filePath = repositoryPath(settings.routinesFile, env);
  const defaultStack = defaultStackName(deps.place, filePath);

  let file: RoutinesFile;
  try {
    file = await loadRoutinesFile(settings.routinesFile, defaultStack, {
      ...(settings.modelId ? { modelId: settings.modelId } : {}),
      ...(settings.branchId ? { branchId: settings.branchId } : {}),
      ...(settings.branchName ? { branchName: settings.branchName } : {}),
    });
  } catch (error) {
    if (error instanceof RoutinesFileError) {
      for (const problem of error.problems) core.error(problem.message, { file: problem.file, startLine: problem.line, startColumn: problem.column });
      const count = error.problems.length;
      throw new Error(`${settings.routinesFile} has ${count} problem${count === 1 ? '' : 's'}; the first: ${error.message.split('\n')[0]}`, { cause: error });
    }
    throw error;
  }
  const stack = file.stack ?? defaultStack;
  core.info(`${file.routines.length} routine${file.routines.length === 1 ? '' : 's'} declared in ${settings.routinesFile} (stack ${stack}); ${settings.apply ? 'applying' : 'planning'}${settings.prune ? ', with prune' : ''}.`);

  const ctx = reportContext(deps.place, filePath, env);
  const userOptions = { ...(settings.userId ? { userId: settings.userId } : {}), signal: deps.signal };
  let report: RoutinesReport;
  try {
    await checkOwner(deps.api, settings.userId, deps.signal);
    const resolved = await resolveRoutines(deps.api, settings.routinesFile, file.routines, deps.signal);
    const live = await listAllRoutines(deps.api, userOptions);
    core.info(`The owner has ${live.length} routine${live.length === 1 ? '' : 's'} in Omni.`);
    const repository = deps.place.owner && deps.place.repo ? `${deps.place.owner}/${deps.place.repo}` : undefined;
    const plan = buildPlan({
      file: settings.routinesFile,
      stack,
      stackIsDefault: !file.stack,
      ...(repository ? { repository } : {}),
      routines: resolved,
      live,
      prune: settings.prune,
      now: now(),
    });
    logPlan(plan);
    report = { plan, mode: settings.apply ? 'apply' : 'plan' };
    if (settings.apply) {
      const counts = await applyPlan(plan, { api: deps.api, listRoutines: () => listAllRoutines(deps.api, userOptions), ...userOptions, log: (line) => core.info(line) });
      logApplied(counts);
    } else if (settings.preview !== 'none') {
      await previewRoutines(plan, settings, deps);
    }
  } catch (error) {
    if (!(error instanceof DuplicateMarkerError || error instanceof OmniApiError)) throw error;
    report = { plan: emptyPlan(settings, stack, now()), mode: settings.apply ? 'apply' : 'plan', fatal: redact(error.message) };
  }

  await publish(settings, deps, report, ctx);
  const failure = failureMessage(report);
  if (failure) core.setFailed(redact(failure));
  return report;
}

/** A personal access token cannot act for another member: said before anything else is asked. */
async function checkOwner(api: OmniRoutinesApi, userId: string | undefined, signal: AbortSignal): Promise<void> {
  if (!userId) return;
  let identity;
  try {
    identity = await api.whoami({ signal });
  } catch (error) {
    // An Omni without whoami: the routine calls themselves will say it.
    if (error instanceof OmniApiError && error.status === 404) return;
    throw error;
  }
  if (identity.keyScope === 'user' && identity.user.membershipId !== userId) {
    throw new OmniApiError(
      `userId ${userId} needs an organization API key: apiKey is a personal access token of member ${identity.user.membershipId}, which can only manage its own routines. Use an organization key, or leave userId empty.`,
      'whoami',
    );
  }
}

/** Each new or changed routine's prompt asked once as an AI job: what recipients would get. Never a routine run. */
async function previewRoutines(plan: RoutinesPlan, settings: RoutinesModeSettings, deps: RoutinesModeDeps): Promise<void> {
  const wanted = plan.routines.filter((routine) => routine.desired && wantsPreview(routine, settings.preview));
  if (wanted.length === 0) return;
  core.info(`Previewing ${wanted.length} routine${wanted.length === 1 ? '' : 's'}: each prompt asked once as an AI job (no routine is run, nobody receives anything).`);
  const activeJobs = new ActiveJobs();
  const queue = [...wanted];
  // Spread the polls so that the previews together stay within the key's budget, inside Omni's 2-5 s.
  const workers = Math.min(PreviewConcurrency, queue.length);
  const pollMs = Math.min(5_000, Math.max(2_000, Math.ceil((workers * 60_000 * 1.25) / deps.budget.perMinute)));
  const worker = async () => {
    for (let routine = queue.shift(); routine && !deps.signal.aborted; routine = queue.shift()) {
      routine.preview = await previewOne(routine, settings, deps, pollMs, activeJobs);
      core.info(`Preview of '${routine.key}': ${routine.preview.state}${routine.preview.error ? ` (${routine.preview.error})` : ''}.`);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

function wantsPreview(routine: PlannedRoutine, preview: RoutinesModeSettings['preview']): boolean {
  if (preview === 'all') return routine.action !== 'delete' && routine.action !== 'keep' && routine.action !== 'error';
  // What recipients receive can only change with a new routine or a new prompt, model, branch or topic.
  if (routine.action === 'create' || routine.action === 'replace') return true;
  return routine.action === 'update' && routine.changed.includes('prompt');
}

async function previewOne(routine: PlannedRoutine, settings: RoutinesModeSettings, deps: RoutinesModeDeps, pollMs: number, activeJobs: ActiveJobs): Promise<Preview> {
  const desired = routine.desired!;
  let outcome: Outcome;
  try {
    outcome = await runJob({
      api: deps.api,
      request: {
        prompt: desired.prompt,
        modelId: desired.modelId,
        ...(desired.branchId ? { branchId: desired.branchId } : {}),
        ...(desired.topicName ? { topicName: desired.topicName } : {}),
      },
      ...(settings.userId ? { userId: settings.userId } : {}),
      timeoutMs: settings.timeoutSeconds * 1000,
      clock: deps.clock,
      signal: deps.signal,
      resultDir: join(deps.resultDir, 'routine-previews'),
      pollDelayMs: () => pollMs,
      onEvent: (event) => {
        if (event.kind === 'created') activeJobs.add(event.jobId);
        if (event.kind === 'finished') activeJobs.remove(event.outcome.jobId);
      },
    });
  } catch (error) {
    return { state: 'NOT_RUN', error: redact(error instanceof Error ? error.message : String(error)) };
  }
  const preview: Preview = { state: outcome.state, jobId: outcome.jobId, omniChatUrl: outcome.omniChatUrl };
  if (outcome.state === 'COMPLETE') preview.answer = outcome.resultSummary.trim() || outcome.result?.message?.trim() || '';
  if (outcome.state === 'FAILED') preview.error = outcome.error.message;
  if (outcome.state === 'TIMEOUT') preview.error = `no answer within ${outcome.timeoutSeconds} s (timeoutSeconds)`;
  return preview;
}

async function publish(settings: RoutinesModeSettings, deps: RoutinesModeDeps, report: RoutinesReport, ctx: RoutinesReportContext): Promise<void> {
  const planFile = join(deps.resultDir, `routines-${slug(report.plan.stack)}.json`);
  await mkdir(deps.resultDir, { recursive: true });
  await writeFile(planFile, redact(JSON.stringify(planDocument(report), null, 2)) + '\n');
  const counts = outputCounts(report);
  core.setOutput(Outputs.PlanFile, planFile);
  for (const [name, value] of Object.entries(counts)) core.setOutput(name, String(value));
  core.info(`Plan file: ${relative(process.cwd(), planFile) || planFile}.`);

  await writeSummary(settings, renderRoutinesSummary(report, ctx));
  if (!deps.signal.aborted) await postComment(settings, deps.place, renderRoutinesComment(report, ctx), deps.signal);
}

/** The count outputs: on a plan, what an apply would do; on an apply, what it did. */
function outputCounts(report: RoutinesReport): Record<string, number> {
  const { plan } = report;
  const done = (action: PlannedRoutine['action']) =>
    plan.routines.filter((r) => r.action === action && (report.mode === 'plan' || r.applied?.status === 'applied')).length;
  return {
    [Outputs.Created]: done('create'),
    [Outputs.Updated]: done('update'),
    [Outputs.Replaced]: done('replace'),
    [Outputs.Deleted]: done('delete'),
    [Outputs.Unchanged]: plan.counts.unchanged,
    [Outputs.Changes]: plan.counts.changes,
  };
}

/** The JSON plan (or apply report): every routine, what was planned and what happened. */
function planDocument(report: RoutinesReport): unknown {
  const { plan } = report;
  return {
    version: 1,
    mode: report.mode,
    file: plan.file,
    stack: plan.stack,
    prune: plan.prune,
    generatedAt: plan.generatedAt,
    ...(report.fatal ? { error: report.fatal } : {}),
    counts: plan.counts,
    ...(report.mode === 'apply' ? { applied: appliedSummary(plan) } : {}),
    warnings: plan.warnings,
    untouched: { unmanaged: plan.unmanaged, otherStacks: plan.otherStacks },
    routines: plan.routines.map(({ declared, ...routine }) => ({ ...routine, ...(declared ? { line: declared.line } : {}) })),
  };
}

function appliedSummary(plan: RoutinesPlan): ApplyCounts {
  const counts: ApplyCounts = { created: 0, updated: 0, replaced: 0, deleted: 0, failed: 0, skipped: 0 };
  for (const routine of plan.routines) {
    const status = routine.applied?.status;
    if (status === 'failed') counts.failed++;
    else if (status === 'skipped') counts.skipped++;
    else if (status === 'applied') {
      const verb = ({ create: 'created', update: 'updated', replace: 'replaced', delete: 'deleted' } as const)[routine.action as 'create'];
      if (verb) counts[verb]++;
    }
  }
  return counts;
}

function failureMessage(report: RoutinesReport): string | undefined {
  if (report.fatal) return report.fatal;
  const errors = report.plan.routines.filter((r) => r.action === 'error');
  const failed = report.plan.routines.filter((r) => r.applied?.status === 'failed');
  if (errors.length === 0 && failed.length === 0) return undefined;
  const first = errors[0]?.error ?? `routine '${failed[0]!.key}': ${failed[0]!.applied?.message ?? 'failed'}`;
  const parts: string[] = [];
  if (errors.length > 0) parts.push(`${errors.length} routine${errors.length === 1 ? '' : 's'} could not be planned`);
  if (failed.length > 0) parts.push(`${failed.length} change${failed.length === 1 ? '' : 's'} failed`);
  const rest = errors.length + failed.length > 1 ? ` (${parts.join(', ')}; the summary lists each)` : '';
  return `${first}${rest}`;
}

function logPlan(plan: RoutinesPlan): void {
  for (const routine of plan.routines) {
    if (routine.action === 'unchanged') continue;
    const detail = routine.action === 'error' ? `: ${routine.error}` : routine.changed.length > 0 ? ` (${routine.changed.join(', ')})` : '';
    core.info(`  ${routine.action.padEnd(9)} ${routine.key}${detail}`);
    for (const warning of routine.warnings) core.warning(`Routine '${routine.key}': ${warning}`);
  }
  for (const warning of plan.warnings) core.warning(warning);
  const c = plan.counts;
  core.info(`Plan: ${c.create} to create, ${c.update} to update, ${c.replace} to replace, ${c.delete} to delete, ${c.unchanged} unchanged${c.keep ? `, ${c.keep} kept` : ''}${c.error ? `, ${c.error} with errors` : ''}.`);
}

function logApplied(counts: ApplyCounts): void {
  core.info(`Applied: ${counts.created} created, ${counts.updated} updated, ${counts.replaced} replaced, ${counts.deleted} deleted${counts.failed ? `, ${counts.failed} failed` : ''}${counts.skipped ? `, ${counts.skipped} not attempted` : ''}.`);
}

function emptyPlan(settings: RoutinesModeSettings, stack: string, now: Date): RoutinesPlan {
  return { file: settings.routinesFile, stack, prune: settings.prune, generatedAt: now.toISOString(), routines: [], otherStacks: [], unmanaged: 0, warnings: [], counts: countPlan([]) };
}

/** The file's path in the repository (forward slashes), as the default stack and links name it. */
function repositoryPath(file: string, env: NodeJS.ProcessEnv): string {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const absolute = isAbsolute(file) ? file : resolve(workspace, file);
  const inside = relative(workspace, absolute);
  const path = inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file;
  return path.split(sep).join('/').replace(/^\.\//, '');
}

/** Repository and file path: `acme/models:omni/routines.yml`. */
function defaultStackName(place: RunPlace, path: string): string {
  const repository = place.owner && place.repo ? `${place.owner}/${place.repo}` : 'repository';
  const name = `${repository}:${path}`.replace(/[^A-Za-z0-9._/:@+-]/g, '-').slice(0, 200);
  return StackPattern.test(name) ? name : `r-${name}`.slice(0, 200);
}

function reportContext(place: RunPlace, path: string, env: NodeJS.ProcessEnv): RoutinesReportContext {
  const ctx: RoutinesReportContext = {};
  if (place.runUrl) ctx.runUrl = place.runUrl;
  const server = env.GITHUB_SERVER_URL?.replace(/\/+$/, '');
  if (server && place.owner && place.repo && env.GITHUB_SHA && !path.startsWith('/')) {
    ctx.fileUrl = `${server}/${place.owner}/${place.repo}/blob/${env.GITHUB_SHA}/${path.split('/').map(encodeURIComponent).join('/')}`;
  }
  return ctx;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'routines';
}
