import * as core from '@actions/core';
import { Outputs } from '../action/constants.js';
import type { Outcome } from '../job/outcome.js';
import { redact } from '../lib/secrets.js';

/** Step outputs for every outcome; values Omni or the AI produced go through the secret scrubber. */
export function setOutcomeOutputs(outcome: Outcome): void {
  core.setOutput(Outputs.JobId, outcome.jobId);
  core.setOutput(Outputs.ConversationId, outcome.conversationId);
  core.setOutput(Outputs.State, outcome.state);
  core.setOutput(Outputs.OmniChatUrl, outcome.omniChatUrl);
  core.setOutput(Outputs.ResultSummary, outcome.state === 'COMPLETE' ? redact(outcome.resultSummary) : '');
  core.setOutput(Outputs.ResultFile, outcome.state === 'COMPLETE' ? (outcome.resultFile ?? '') : '');
}

export function setCommentUrl(url: string | undefined): void {
  core.setOutput(Outputs.CommentUrl, url ?? '');
}
