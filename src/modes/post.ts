import * as core from '@actions/core';
import { ApiKeyEnvVar, Inputs } from '../action/constants.js';
import { systemClock } from '../lib/clock.js';
import { isTerminal } from '../job/state.js';
import { OmniClient } from '../omni/client.js';
import { RequestBudget } from '../omni/request-budget.js';
import { errorMessage } from '../lib/errors.js';
import { redact, registerSecret } from '../lib/secrets.js';
import { savedPostState } from '../action/state-helper.js';

const PostRetries = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 2_000, maxRetryAfterMs: 5_000 };
const PostRequestTimeoutMs = 10_000;

/**
 * The backstop for cancellation: a job the main step left running (killed, crashed) is cancelled.
 * Idempotent, and never fails the job: every problem is a warning.
 */
export async function runPost(): Promise<void> {
  try {
    const { omniApiBase, activeJobIds, requestsPerMinute } = savedPostState();
    if (activeJobIds.length === 0 || !omniApiBase) return;
    // Trimmed as the main step does: a key saved with a trailing newline is not a valid header.
    const apiKey = (core.getInput(Inputs.ApiKey) || process.env[ApiKeyEnvVar] || '').trim();
    registerSecret(apiKey);
    if (!apiKey) return;
    const client = new OmniClient({
      apiBase: omniApiBase,
      apiKey,
      clock: systemClock,
      budget: new RequestBudget(requestsPerMinute, systemClock),
      retryPolicy: PostRetries,
      requestTimeoutMs: PostRequestTimeoutMs,
    });
    try {
      for (const jobId of activeJobIds) await cancelIfRunning(client, jobId);
    } finally {
      await client.close();
    }
  } catch (error) {
    core.warning(`Post step: could not check the Omni job: ${redact(errorMessage(error))}`);
  }
}

async function cancelIfRunning(client: OmniClient, jobId: string): Promise<void> {
  try {
    const status = await client.getJob(jobId);
    if (isTerminal(status.state)) {
      core.info(`Omni job ${jobId} is ${status.state}; nothing to cancel.`);
      return;
    }
    const answer = await client.cancelJob(jobId);
    core.info(`Omni job ${jobId} was still ${status.state}; cancel requested, Omni reports ${answer.state}.`);
  } catch (error) {
    core.warning(`Post step: could not cancel Omni job ${jobId}: ${redact(errorMessage(error))}`);
  }
}

/** The post step's entry for @github/local-action (`--post src/modes/post.ts`), which calls an exported run(). */
export const run = runPost;
