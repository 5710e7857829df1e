/** What every mode shares: its dependencies, and how a job's progress reaches the log and the post step. */
import * as core from '@actions/core';
import type { Clock } from '../lib/clock.js';
import { logLine } from '../lib/log-text.js';
import type { OmniApi } from '../omni/api.js';
import type { RunnerEvent } from '../job/runner.js';
import type { Outcome } from '../job/outcome.js';
import type { RunPlace } from '../github/run-context.js';

export interface ModeDeps {
  api: OmniApi;
  clock: Clock;
  /** Aborted when the workflow is cancelled. */
  signal: AbortSignal;
  place: RunPlace;
  resultDir: string;
}

/** Omni has certainly stopped the job: the post step need not look at it again. */
export function surelyStopped(outcome: Outcome): boolean {
  switch (outcome.state) {
    case 'COMPLETE':
      return true;
    case 'FAILED':
      return outcome.error.code !== 'STATUS_UNAVAILABLE';
    case 'CANCELLED':
      return outcome.cancelledBy === 'omni';
    case 'TIMEOUT':
      return outcome.cancelConfirmed;
  }
}

export function logEvent(event: RunnerEvent, settings: { timeoutSeconds: number }, label = ''): void {
  const prefix = label ? `[${label}] ` : '';
  switch (event.kind) {
    case 'created':
      core.info(`${prefix}Created Omni job ${event.jobId}; follow it in Omni: ${event.omniChatUrl}`);
      break;
    case 'status': {
      if (!event.changed) break;
      const { state, progress } = event.status;
      const detail = progress ? ` (iteration ${progress.iteration}: ${logLine(progress.message)})` : '';
      core.info(`${prefix}${state}${detail}`);
      break;
    }
    case 'cancelling':
      if (event.reason === 'timeout') core.info(`${prefix}No answer within ${settings.timeoutSeconds} s: cancelling the Omni job.`);
      else if (event.reason === 'signal') core.info(`${prefix}Workflow cancelled: cancelling the Omni job.`);
      else core.info(`${prefix}Lost track of the Omni job: cancelling it.`);
      break;
    case 'finished':
      core.info(`${prefix}Finished: ${event.outcome.state} after ${(event.outcome.timings.waitedMs / 1000).toFixed(1)} s.`);
      break;
  }
}
