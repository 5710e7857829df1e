/**
 * One comment per key on a pull request, updated in place. Knows GitHub's REST API through
 * Octokit; knows nothing about Omni. Never throws over GitHub-side problems: a comment is a
 * courtesy, the step's result is the job's result.
 */
import type { getOctokit } from '@actions/github';
import { parseRetryAfter } from '../lib/retry-after.js';
import { oneLine } from '../lib/text.js';
import { CommentMaxChars } from '../render/budget.js';
import { commentMarker, hasMarker, markedComment } from './marker.js';

export { pullRequestNumber } from './pull-request.js';

export type Octokit = ReturnType<typeof getOctokit>;

export type StickyResult =
  | { kind: 'created' | 'updated'; url: string; id: number }
  | { kind: 'skipped'; reason: SkipReason; warning: string };

export type SkipReason = 'forbidden' | 'unauthorized' | 'not-found' | 'rate-limited' | 'body-too-long' | 'aborted' | 'error';

export interface UpsertOptions {
  octokit: Octokit;
  owner: string;
  repo: string;
  issueNumber: number;
  key: string;
  /** Should start with commentMarker(key); the marker is added when it does not. */
  body: string;
  /** Linked from the short body sent when GitHub finds the body too long. */
  runUrl?: string;
  /** Injectable for tests; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Longest wait honoured before the single retry after a rate limit (default 10 s). */
  maxRetryWaitMs?: number;
  /** Stops every request and wait; its reason (an Error) says why in the warning. */
  signal?: AbortSignal;
}

interface Comment {
  id: number;
  body?: string | null;
  html_url: string;
  user?: { login: string; type?: string } | null;
}

/** What Octokit's RequestError carries, read defensively. */
interface HttpProblem {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

const DefaultMaxRetryWaitMs = 10_000;
/** 10,000 comments: any real pull request, and a bound on a server that keeps sending full pages. */
const MaxListPages = 100;
const TransientRetryMs = 1_000;

class GitHubProblem extends Error {
  constructor(
    readonly reason: SkipReason,
    readonly status: number | undefined,
    readonly detail: string,
    readonly retryAfterMs?: number,
  ) {
    super(detail);
  }
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates or updates our comment on the pull request; see the module comment. */
export async function upsertStickyComment(options: UpsertOptions): Promise<StickyResult> {
  const { octokit, owner, repo, issueNumber } = options;
  const marker = commentMarker(options.key);
  let body = markedComment(options.key, options.body);
  const fallback = shortBody(marker, options.runUrl);
  if (body.length > CommentMaxChars) body = fallback;

  const { signal } = options;
  const call = retrying(options.sleep ?? realSleep, options.maxRetryWaitMs ?? DefaultMaxRetryWaitMs, signal);
  // Octokit hands `request.signal` to fetch: an abort stops the request on the wire.
  const where = { owner, repo, ...(signal ? { request: { signal } } : {}) };

  // GitHub's Link headers followed by hand: octokit.paginate drops `request.signal`, so a list
  // GitHub never answers could not be cut short.
  const list = async (): Promise<Comment[]> => {
    const comments: Comment[] = [];
    let page: { data: unknown; headers: { link?: string } } = await call(() =>
      octokit.rest.issues.listComments({ ...where, issue_number: issueNumber, per_page: 100 }),
    );
    for (let pages = 1; ; pages++) {
      comments.push(...(page.data as Comment[]));
      const next = nextPage(page.headers.link);
      if (!next || pages >= MaxListPages) return comments;
      page = await call(() => octokit.request(`GET ${next}`, signal ? { request: { signal } } : {}));
    }
  };
  const update = (id: number, text: string): Promise<Comment> =>
    withShortBody(text, fallback, (t) => call(async () => (await octokit.rest.issues.updateComment({ ...where, comment_id: id, body: t })).data));
  const create = (text: string): Promise<Comment> =>
    withShortBody(text, fallback, (t) =>
      call(async () => (await octokit.rest.issues.createComment({ ...where, issue_number: issueNumber, body: t })).data),
    );
  const remove = async (id: number): Promise<void> => {
    try {
      await call(() => octokit.rest.issues.deleteComment({ ...where, comment_id: id }));
    } catch (error) {
      // Already gone (another matrix leg cleaned up first) is the outcome we wanted.
      if (!(error instanceof GitHubProblem && error.reason === 'not-found')) throw error;
    }
  };

  try {
    const marked = (await list()).filter((c) => hasMarker(c.body, marker));
    const ours = await ownComments(marked, () => whoAmI(octokit));
    const target = oldest(ours);
    if (target) {
      const updated = await update(target.id, body);
      await removeDuplicates(ours, target, remove);
      return { kind: 'updated', id: updated.id, url: updated.html_url };
    }

    const created = await create(body);
    return await settleRace(created, marker, list, update, remove, body);
  } catch (error) {
    if (signal?.aborted) return aborted(signal);
    return skipped(error, `${owner}/${repo}#${issueNumber}`);
  }
}

/**
 * Two matrix legs with the same key may both find no comment and both create one. Each then
 * looks again: the oldest comment by our author wins, gets our body, and ours is deleted if it
 * is not the oldest. Whatever interleaving, one comment remains. Failures here leave our own
 * comment standing, which is still a correct result.
 */
async function settleRace(
  created: Comment,
  marker: string,
  list: () => Promise<Comment[]>,
  update: (id: number, text: string) => Promise<Comment>,
  remove: (id: number) => Promise<void>,
  body: string,
): Promise<StickyResult> {
  const mine: StickyResult = { kind: 'created', id: created.id, url: created.html_url };
  const author = created.user?.login;
  let same: Comment[];
  try {
    same = (await list()).filter((c) => hasMarker(c.body, marker) && c.user?.login === author);
  } catch {
    return mine;
  }
  const keep = oldest(same);
  if (!keep || keep.id >= created.id) return mine;
  try {
    const kept = await update(keep.id, body);
    await remove(created.id);
    return { kind: 'updated', id: kept.id, url: kept.html_url };
  } catch {
    return mine;
  }
}

/** Leftover duplicates by the same author (a race lost by both legs, say) are removed. */
async function removeDuplicates(ours: Comment[], target: Comment, remove: (id: number) => Promise<void>): Promise<void> {
  for (const c of ours) {
    if (c.id !== target.id && c.user?.login === target.user?.login) {
      try {
        await remove(c.id);
      } catch {
        // A duplicate left behind is cosmetic; the comment itself was written.
      }
    }
  }
}

/**
 * Comments carrying our marker that we may treat as ours. Anyone can post a comment that starts
 * with the marker; we prefer bot authors (the workflow token writes as github-actions[bot]). If
 * only people's comments carry it, we adopt one only when the token is that person's (a personal
 * access token); an app token cannot read /user, and then nothing is adopted.
 */
async function ownComments(marked: Comment[], identity: () => Promise<string | undefined>): Promise<Comment[]> {
  const bots = marked.filter((c) => c.user?.type === 'Bot');
  if (bots.length > 0 || marked.length === 0) return bots;
  const login = await identity();
  return login ? marked.filter((c) => c.user?.login === login) : [];
}

async function whoAmI(octokit: Octokit): Promise<string | undefined> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login;
  } catch {
    return undefined;
  }
}

function oldest(comments: Comment[]): Comment | undefined {
  return comments.reduce<Comment | undefined>((min, c) => (min === undefined || c.id < min.id ? c : min), undefined);
}

/** GitHub's "body is too long" should not happen given our caps; if it does, a short body. */
async function withShortBody(body: string, fallback: string, send: (text: string) => Promise<Comment>): Promise<Comment> {
  try {
    return await send(body);
  } catch (error) {
    if (error instanceof GitHubProblem && error.reason === 'body-too-long' && body !== fallback) return send(fallback);
    throw error;
  }
}

function shortBody(marker: string, runUrl: string | undefined): string {
  const where = runUrl && /^https?:\/\/[^\s()<>]+$/.test(runUrl) ? `the job summary of the [workflow run](${runUrl})` : "the workflow run's job summary";
  return `${marker}\n### Omni AI answer\n\nThe report is too long for a pull request comment; read it in ${where}.\n`;
}

/** One retry after a rate limit (when GitHub asks for a short enough wait) or a transient error. */
function retrying(sleep: (ms: number) => Promise<void>, maxWaitMs: number, signal: AbortSignal | undefined) {
  return async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (error) {
      const problem = toProblem(error);
      // An aborted request looks like a transient error; it must not be tried again.
      if (signal?.aborted) throw problem;
      const wait =
        problem.reason === 'rate-limited'
          ? problem.retryAfterMs
          : problem.reason === 'error' && (problem.status === undefined || problem.status >= 500)
            ? Math.min(TransientRetryMs, maxWaitMs)
            : undefined;
      if (wait === undefined || wait > maxWaitMs) throw problem;
      await abortable(sleep(wait), signal);
      try {
        return await op();
      } catch (again) {
        throw toProblem(again);
      }
    }
  };
}

function header(problem: HttpProblem, name: string): string | undefined {
  const value = problem.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** GitHub's error message from the response body, one line, bounded. */
function githubMessage(problem: HttpProblem): string {
  const data = problem.response?.data as { message?: unknown; errors?: unknown } | undefined;
  const parts: string[] = [];
  if (typeof data?.message === 'string') parts.push(data.message);
  if (Array.isArray(data?.errors)) {
    for (const e of data.errors) if (typeof (e as { message?: unknown })?.message === 'string') parts.push((e as { message: string }).message);
  }
  const text = parts.length > 0 ? parts.join(': ') : (problem.message ?? 'unknown error');
  return oneLine(text, 300);
}

function retryAfterMs(problem: HttpProblem): number | undefined {
  const retryAfter = parseRetryAfter(header(problem, 'retry-after'));
  if (retryAfter !== undefined) return retryAfter;
  if (header(problem, 'x-ratelimit-remaining') === '0') {
    const reset = Number(header(problem, 'x-ratelimit-reset'));
    if (Number.isFinite(reset)) return Math.max(0, reset * 1000 - Date.now());
  }
  return undefined;
}

function toProblem(error: unknown): GitHubProblem {
  if (error instanceof GitHubProblem) return error;
  const problem = (error ?? {}) as HttpProblem;
  const status = typeof problem.status === 'number' ? problem.status : undefined;
  const message = githubMessage(problem);
  // Octokit reports a request that got no answer at all (DNS, refused, reset, TLS) as status 500
  // without a response: that is the network failing, not GitHub answering 500.
  if (status === 500 && problem.response === undefined && (error as Error | undefined)?.name !== 'AbortError') {
    return new GitHubProblem('error', undefined, networkFailure(message));
  }
  const wait = retryAfterMs(problem);
  if (status === 429 || (status === 403 && (wait !== undefined || /rate limit/i.test(message)))) {
    // A secondary rate limit without retry-after asks for at least a minute: too long to wait.
    return new GitHubProblem('rate-limited', status, message, wait ?? 60_000);
  }
  if (status === 401) return new GitHubProblem('unauthorized', status, message);
  if (status === 403) return new GitHubProblem('forbidden', status, message);
  if (status === 404) return new GitHubProblem('not-found', status, message);
  if (status === 422 && /too long|maximum is/i.test(message)) return new GitHubProblem('body-too-long', status, message);
  return new GitHubProblem('error', status, message);
}

const NetworkCauses: ReadonlyArray<readonly [RegExp, string]> = [
  [/ENOTFOUND|EAI_AGAIN/, 'its host name did not resolve'],
  [/ECONNREFUSED/, 'the connection was refused'],
  [/ECONNRESET|socket hang up|other side closed/i, 'the connection was closed'],
  [/ETIMEDOUT|TIMEOUT|timed out/i, 'the connection timed out'],
  [/certificate|CERT_|TLS|SSL/i, 'no trusted TLS connection could be made'],
];

/** "network failure: GitHub could not be reached, its host name did not resolve (getaddrinfo ENOTFOUND api.github.com)". */
function networkFailure(message: string): string {
  const cause = NetworkCauses.find(([pattern]) => pattern.test(message))?.[1];
  return `network failure: GitHub could not be reached${cause ? `, ${cause}` : ''} (${message}); check GITHUB_API_URL and any proxy settings`;
}

function nextPage(link: string | undefined): string | undefined {
  return link?.match(/<([^>]+)>;\s*rel="next"/)?.[1];
}

function abortable(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return wait;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    wait.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      reject,
    );
  });
}

function aborted(signal: AbortSignal): StickyResult {
  const why = signal.reason instanceof Error ? signal.reason.message : 'stopped';
  return { kind: 'skipped', reason: 'aborted', warning: `The pull request comment was not finished (${why}); the answer is in the job summary.` };
}

function skipped(error: unknown, target: string): StickyResult {
  const problem = toProblem(error);
  const http = problem.status === undefined ? '' : `HTTP ${problem.status}: `;
  const lead = `The pull request comment was skipped (${http}${problem.detail})`;
  const advice: Record<SkipReason, string> = {
    forbidden:
      'the token may not write to pull requests. Add `permissions: pull-requests: write` to the job. Pull requests from forks only get a read-only token: their answer is in the job summary (keep using `pull_request`; never run pull request code under `pull_request_target`).',
    unauthorized: 'GitHub rejected the token; check the githubToken input.',
    'not-found': `GitHub found no ${target} the token can see; check the repository and the token's access (a token without \`pull-requests: write\` may also see this).`,
    'rate-limited': "GitHub's rate limit was hit; the answer is in the job summary.",
    'body-too-long': 'the comment was too long even when shortened; the answer is in the job summary.',
    aborted: 'the answer is in the job summary.',
    error: 'the answer is in the job summary.',
  };
  return { kind: 'skipped', reason: problem.reason, warning: `${lead}: ${advice[problem.reason]}` };
}
