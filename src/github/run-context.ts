import * as github from '@actions/github';
import { pullRequestNumber } from './pull-request.js';
import { runUrl } from '../lib/url.js';

/** Where this run is, as the reporters need it. Read lazily: the post step needs none of it. */
export interface RunPlace {
  owner: string;
  repo: string;
  /** Pull request (or issue) the event belongs to; undefined on schedule, dispatch, push. */
  pullRequest?: number;
  runUrl?: string;
}

export function runPlace(env: NodeJS.ProcessEnv = process.env): RunPlace {
  const { context } = github;
  const place: RunPlace = { owner: context.repo.owner, repo: context.repo.repo };
  const pullRequest = pullRequestNumber(context);
  if (pullRequest !== undefined) place.pullRequest = pullRequest;
  const url = runUrl({
    serverUrl: env.GITHUB_SERVER_URL,
    repository: env.GITHUB_REPOSITORY,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
  });
  if (url) place.runUrl = url;
  return place;
}
