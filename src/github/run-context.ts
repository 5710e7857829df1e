import { existsSync, readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { pullRequestNumber, type EventContext } from './pull-request.js';
import { runUrl } from '../lib/url.js';

/** Where this run is, as the reporters need it. Read lazily: the post step needs none of it. */
export interface RunPlace {
  owner: string;
  repo: string;
  /** Pull request (or issue) the event belongs to; undefined on schedule, dispatch, push. */
  pullRequest?: number;
  runUrl?: string;
}

/**
 * Reads the run's place as `@actions/github`'s `context` does (same files, same variables, same
 * fallbacks), without loading `@actions/github`: its Octokit and HTTP stack cost start-up time on
 * every run, and only a run that writes a PR comment needs them.
 */
export function runPlace(env: NodeJS.ProcessEnv = process.env): RunPlace {
  const event: EventContext = { eventName: env.GITHUB_EVENT_NAME ?? '', payload: eventPayload(env.GITHUB_EVENT_PATH) };
  const place: RunPlace = repository(env, event.payload);
  const pullRequest = pullRequestNumber(event);
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

function eventPayload(path: string | undefined): EventContext['payload'] {
  if (!path) return {};
  if (!existsSync(path)) {
    core.info(`GITHUB_EVENT_PATH ${path} does not exist`);
    return {};
  }
  const text = readFileSync(path, 'utf8');
  try {
    const payload: unknown = JSON.parse(text);
    return payload !== null && typeof payload === 'object' ? (payload as EventContext['payload']) : {};
  } catch (error) {
    throw new Error(`The workflow event file ${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

function repository(env: NodeJS.ProcessEnv, payload: EventContext['payload']): { owner: string; repo: string } {
  if (env.GITHUB_REPOSITORY) {
    const [owner = '', repo = ''] = env.GITHUB_REPOSITORY.split('/');
    return { owner, repo };
  }
  const fromEvent = payload.repository as { owner?: { login?: unknown }; name?: unknown } | undefined;
  if (typeof fromEvent?.owner?.login === 'string' && typeof fromEvent.name === 'string') return { owner: fromEvent.owner.login, repo: fromEvent.name };
  throw new Error("The run's repository is unknown: GITHUB_REPOSITORY (owner/repo) is not set and the event names none");
}
