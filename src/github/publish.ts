import * as core from '@actions/core';
import { upsertStickyComment } from './sticky-comment.js';
import { redact } from '../lib/secrets.js';
import { setCommentUrl } from './outputs.js';
import type { RunPlace } from './run-context.js';

/** Appends to the job summary when `summary` is on; never fails the step over it. */
export async function writeSummary(settings: { summary: boolean }, markdown: string): Promise<void> {
  if (!settings.summary) return;
  try {
    await core.summary.addRaw(redact(markdown), true).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${redact((error as Error).message)}`);
  }
}

/** What the sticky comment reads of the settings. */
export interface CommentSettings {
  comment: boolean;
  /** Tells this step's comment from the others' on the same pull request. */
  commentKey: string;
  githubToken?: string;
}

/**
 * The runner kills the step 7.5 s after SIGINT: a comment under way when the workflow is cancelled
 * gets this long to finish, so the step still exits by itself.
 */
const CommentGraceMs = 3_000;
/** A comment is a courtesy: a GitHub that does not answer never holds the step longer. */
const CommentDeadlineMs = 60_000;

/**
 * The sticky PR comment. No pull request: nothing to do and no GitHub call. Problems on GitHub's
 * side become a warning: the step's result is the job's result. `cancellation` (the workflow run
 * being cancelled) cuts it short a few seconds after it aborts.
 */
export async function postComment(
  settings: CommentSettings,
  place: RunPlace,
  markdown: string,
  cancellation: AbortSignal,
): Promise<void> {
  if (!settings.comment) {
    setCommentUrl(undefined);
    return;
  }
  if (place.pullRequest === undefined) {
    core.info('No pull request in this event: the answer is in the job summary and outputs only.');
    setCommentUrl(undefined);
    return;
  }
  if (!settings.githubToken) {
    core.warning('No githubToken: the PR comment was skipped. Pass githubToken: ${{ github.token }} with permissions: pull-requests: write.');
    setCommentUrl(undefined);
    return;
  }
  try {
    // Loaded here, not at start-up: most runs (schedules, dispatches) never write a comment.
    const { getOctokit } = await import('@actions/github');
    const result = await upsertStickyComment({
      octokit: getOctokit(settings.githubToken),
      owner: place.owner,
      repo: place.repo,
      issueNumber: place.pullRequest,
      key: settings.commentKey,
      body: redact(markdown),
      ...(place.runUrl ? { runUrl: place.runUrl } : {}),
      signal: commentSignal(cancellation),
    });
    if (result.kind === 'skipped') {
      core.warning(redact(result.warning));
      setCommentUrl(undefined);
    } else {
      core.info(`PR comment ${result.kind}: ${result.url}`);
      setCommentUrl(result.url);
    }
  } catch (error) {
    core.warning(`Could not post the PR comment: ${redact((error as Error).message)}`);
    setCommentUrl(undefined);
  }
}

function commentSignal(cancellation: AbortSignal): AbortSignal {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`GitHub did not answer within ${CommentDeadlineMs / 1000} s`)), CommentDeadlineMs);
  timer.unref();
  const cutShort = () => {
    clearTimeout(timer);
    setTimeout(() => deadline.abort(new Error('the workflow run was cancelled')), CommentGraceMs).unref();
  };
  if (cancellation.aborted) cutShort();
  else cancellation.addEventListener('abort', cutShort, { once: true });
  return deadline.signal;
}
