import * as core from '@actions/core';
import { failsStep } from '../job/state.js';
import { runJob } from '../job/runner.js';
import { logLine } from '../lib/log-text.js';
import type { JobRequest, Outcome } from '../job/outcome.js';
import { renderComment } from '../render/comment.js';
import { renderSummary } from '../render/summary.js';
import { setOutcomeOutputs } from '../github/outputs.js';
import { postComment, writeSummary } from '../github/publish.js';
import { redact } from '../lib/secrets.js';
import { webhookFields, type SingleSettings } from '../action/settings.js';
import { ActiveJobs } from '../action/state-helper.js';
import { logEvent, surelyStopped, type ModeDeps } from './events.js';
import { resolveBranchId } from '../omni/branch.js';

/** One prompt: create, wait, report. */
export async function runSingle(settings: SingleSettings, deps: ModeDeps): Promise<Outcome> {
  const request = await jobRequest(settings, deps);
  const activeJobs = new ActiveJobs();
  const outcome = await runJob({
    api: deps.api,
    request,
    extra: webhookFields(settings),
    ...(settings.userId ? { userId: settings.userId } : {}),
    timeoutMs: settings.timeoutSeconds * 1000,
    clock: deps.clock,
    signal: deps.signal,
    resultDir: deps.resultDir,
    onEvent: (event) => {
      logEvent(event, settings);
      if (event.kind === 'created') activeJobs.add(event.jobId);
      if (event.kind === 'finished' && surelyStopped(event.outcome)) activeJobs.remove(event.outcome.jobId);
    },
  });

  setOutcomeOutputs(outcome);
  const context = { ...(deps.place.runUrl ? { runUrl: deps.place.runUrl } : {}) };
  await writeSummary(settings, renderSummary(outcome, context));
  // A cancelled run keeps the previous answer in the PR thread rather than replacing it with "cancelled".
  if (!deps.signal.aborted) await postComment(settings, deps.place, renderComment(outcome, context), deps.signal);
  if (failsStep(outcome.state, settings.failOn)) core.setFailed(redact(failureMessage(outcome)));
  return outcome;
}

export async function jobRequest(settings: SingleSettings, deps: Pick<ModeDeps, 'api' | 'signal'>): Promise<JobRequest> {
  const request: JobRequest = { prompt: settings.prompt, modelId: settings.modelId };
  if (settings.branchId) request.branchId = settings.branchId;
  if (settings.branchName) {
    request.branchName = settings.branchName;
    request.branchId = await resolveBranchId(deps.api, settings.modelId, settings.branchName, deps.signal);
    core.info(`Branch '${settings.branchName}' is ${request.branchId}.`);
  }
  if (settings.topicName) request.topicName = settings.topicName;
  if (settings.conversationId) request.conversationId = settings.conversationId;
  return request;
}

export function failureMessage(outcome: Outcome): string {
  const job = `Omni job ${outcome.jobId}`;
  switch (outcome.state) {
    case 'FAILED':
      return logLine(`${job} failed: ${outcome.error.message}${outcome.error.code ? ` [${outcome.error.code}]` : ''}`);
    case 'TIMEOUT':
      return `${job} did not finish within ${outcome.timeoutSeconds} s (last state ${outcome.lastState}) and was cancelled${
        outcome.cancelConfirmed ? '' : ' (Omni has not confirmed yet; the post step checks again)'
      }. Raise timeoutSeconds if answers need longer.`;
    case 'CANCELLED':
      return outcome.cancelledBy === 'workflow' ? `Workflow cancelled: ${job} was cancelled.` : `${job} was cancelled in Omni.`;
    case 'COMPLETE':
      return `${job} completed, and failOn lists COMPLETE.`;
  }
}
