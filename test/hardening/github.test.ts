/**
 * The GitHub side through dist/index.js: refusals and limits become a warning with the fix while
 * the step keeps the job's result; matrix legs racing to create the sticky comment leave one;
 * our comment is found past 100 others; GitHub Enterprise Server's /api/v3 prefix works.
 */
import { getOctokit } from '@actions/github';
import { describe, expect, it } from 'vitest';
import { upsertStickyComment } from '../../src/github/sticky-comment.js';
import { commentMarker } from '../../src/github/marker.js';
import { ActionsBot, startGithubStandin, type Fault } from '../support/github-standin.js';
import { startBarrier } from './support/barrier.js';
import { inputs, PollMs, runStep, startStep, testBudget, withServices, workspace, type Services } from './support/e2e.js';

const Repo = { owner: 'acme', repo: 'models' };
const GithubTokenForStandin = 'ghs_hardeningAbortToken';
const Key = 'hardening-github';

async function runOnPullRequest(services: Services, number: number, given: Record<string, string> = {}) {
  const place = await workspace(services.github, { name: 'pull_request', number });
  return runStep(place, await inputs(services.emulator, { commentKey: Key, ...given }));
}

describe.concurrent('GitHub refusals: a warning with the fix, never a failed step', () => {
  it.each<[string, Fault, RegExp]>([
    [
      '403 (fork PR or missing permission)',
      { kind: 'forbidden', times: Infinity },
      /^::warning::The pull request comment was skipped \(HTTP 403: Resource not accessible by integration\): .*Add `permissions: pull-requests: write` to the job\./m,
    ],
    ['404', { kind: 'not-found', times: Infinity }, /^::warning::The pull request comment was skipped \(HTTP 404: Not Found\): GitHub found no acme\/models#31 the token can see/m],
    ['401 (bad token)', { kind: 'unauthorized', times: Infinity }, /^::warning::The pull request comment was skipped \(HTTP 401: Bad credentials\): GitHub rejected the token; check the githubToken input\./m],
    [
      'a secondary rate limit asking for longer than is worth waiting',
      { kind: 'secondary-rate-limit', retryAfter: 120, times: Infinity },
      /^::warning::The pull request comment was skipped \(HTTP 403: You have exceeded a secondary rate limit.*\): GitHub's rate limit was hit; the answer is in the job summary\./m,
    ],
  ])('%s', (_name, fault, warning) =>
    withServices(async (services) => {
      services.github.inject(fault);
      const run = await runOnPullRequest(services, 31);
      expect(run.exitCode).toBe(0);
      expect(run.outputs.state).toBe('COMPLETE');
      expect(run.stdout).toMatch(warning);
      expect(run.stdout).not.toContain('::error::');
      expect(run.outputs.commentUrl).toBe('');
      expect(run.summary).toContain('Top 5 Products');
      // One attempt per refusal: no hammering a GitHub that said no.
      expect(services.github.requests.length).toBeLessThanOrEqual(2);
    }),
    testBudget(1, PollMs),
  );

  it('422 "body too long": the comment is sent again, short, pointing at the job summary', () =>
    withServices(async (services) => {
      services.github.inject({ kind: 'body-too-long', method: 'POST' });
      const run = await runOnPullRequest(services, 32);
      expect(run.exitCode).toBe(0);
      const [comment] = services.github.commentsOn(32, Repo.owner, Repo.repo);
      expect(comment?.body.split('\n')[0]).toBe(commentMarker(Key));
      expect(comment?.body).toContain('too long for a pull request comment; read it in the job summary of the [workflow run](https://github.example.com/acme/models/actions/runs/4242)');
      expect(run.outputs.commentUrl).toBe(comment?.html_url);
      expect(services.github.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
    }),
    testBudget(1, PollMs),
  );

  it('a short secondary rate limit is waited out once, then the comment is written', () =>
    withServices(async (services) => {
      services.github.inject({ kind: 'secondary-rate-limit', retryAfter: 1, method: 'POST' });
      const run = await runOnPullRequest(services, 33);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).not.toContain('::warning::');
      expect(services.github.commentsOn(33, Repo.owner, Repo.repo)).toHaveLength(1);
      const posts = services.github.requests.filter((request) => request.method === 'POST');
      expect(posts.map((request) => request.status)).toEqual([403, 201]);
    }),
    // The poll, then the 1 s GitHub asked to wait.
    testBudget(1, PollMs + 1_000),
  );
});

describe.concurrent('one sticky comment', () => {
  it.each([
    ['no comment yet', false],
    ['an earlier comment exists', true],
  ])('two matrix legs with the same key finishing together (%s) leave exactly one comment', (_name, existing) =>
    withServices(async (services) => {
      const { github } = services;
      if (existing) github.seed({ ...Repo, issueNumber: 34, body: `${commentMarker(Key)}\nold answer`, user: ActionsBot });
      // Both legs list the comments before either writes: the interleaving that makes the race.
      const barrier = await startBarrier(github.apiUrl, (method, path) => method === 'GET' && /\/issues\/34\/comments/.test(path), 2);
      try {
        // Two legs: two runners, each with its own output and summary files.
        const places = await Promise.all([1, 2].map(() => workspace(github, { name: 'pull_request', number: 34 }, { GITHUB_API_URL: barrier.url })));
        const given = await inputs(services.emulator, { commentKey: Key });
        // A leg that exits lets the other go: it can no longer arrive at the barrier.
        const runs = await Promise.all(places.map((place) => startStep(place, given).done.finally(() => barrier.open())));
        for (const run of runs) expect(run.exitCode).toBe(0);
        const comments = github.commentsOn(34, Repo.owner, Repo.repo);
        expect(comments).toHaveLength(1);
        expect(comments[0]!.body.split('\n')[0]).toBe(commentMarker(Key));
        expect(comments[0]!.body).not.toContain('old answer');
        expect(runs.filter((run) => comments[0]!.body.includes(run.outputs.jobId!))).toHaveLength(1);
        const posts = github.requests.filter((request) => request.method === 'POST');
        const deletes = github.requests.filter((request) => request.method === 'DELETE');
        // Without a comment both legs created one, and the later one was removed.
        expect([posts.length, deletes.length]).toEqual(existing ? [0, 0] : [2, 1]);
      } finally {
        await barrier.close();
      }
    }),
    // Two legs at once.
    testBudget(2, PollMs),
  );

  it('finds its comment past the first 100 on GitHub Enterprise Server (/api/v3), and updates it in place', () =>
    withServices(
      async (services) => {
        const { github } = services;
        const others = (from: number, count: number) =>
          Array.from({ length: count }, (_, i) => ({ ...Repo, issueNumber: 35, body: `review comment ${from + i}`, user: { login: `reviewer${i % 7}`, type: 'User' as const } }));
        github.seed(...others(0, 150));
        const [ours] = github.seed({ ...Repo, issueNumber: 35, body: `${commentMarker(Key)}\nold answer`, user: ActionsBot });
        github.seed(...others(150, 100));
        const run = await runOnPullRequest(services, 35);
        expect(run.exitCode).toBe(0);
        const comments = github.commentsOn(35, Repo.owner, Repo.repo);
        expect(comments).toHaveLength(251);
        const marked = comments.filter((comment) => comment.body.startsWith(commentMarker(Key)));
        expect(marked.map((comment) => comment.id)).toEqual([ours!.id]);
        expect(marked[0]!.body).toContain(run.outputs.jobId);
        expect(run.outputs.commentUrl).toBe(ours!.html_url);
        // Every call went under the prefix, pages included (GitHub's Link headers point elsewhere).
        expect(github.requests.every((request) => request.path.startsWith('/api/v3/'))).toBe(true);
        expect(github.requests.filter((request) => request.method === 'GET').length).toBe(3);
      },
      { github: { prefix: '/api/v3' } },
    ),
    testBudget(1, PollMs),
  );
});

describe.concurrent('a GitHub that does not answer in time', () => {
  it('an aborted comment stops at once, is not retried, and says why', async () => {
    const github = await startGithubStandin({ delayMs: 5_000 });
    try {
      // Cut short while its first request waits at GitHub, as the step's deadline would cut it:
      // aborted once the request has arrived, not after a time a loaded machine may not reach it in.
      const deadline = new AbortController();
      let settled = false;
      const comment = upsertStickyComment({
        octokit: getOctokit(GithubTokenForStandin, { baseUrl: github.apiUrl }),
        owner: Repo.owner,
        repo: Repo.repo,
        issueNumber: 36,
        key: Key,
        body: 'answer',
        signal: deadline.signal,
      }).finally(() => (settled = true));
      while (github.requests.length === 0 && !settled) await new Promise((resolve) => setTimeout(resolve, 5));
      deadline.abort(new Error('GitHub did not answer in time'));
      const result = await comment;
      expect(result).toMatchObject({ kind: 'skipped', reason: 'aborted', warning: expect.stringContaining('(GitHub did not answer in time)') });
      expect(github.requests).toHaveLength(1);
      // It stopped when the signal aborted, without waiting for GitHub's answer (5 s away).
      expect(github.requests[0]!.status, 'GitHub had not answered yet').toBe(0);
    } finally {
      await github.close();
    }
  });
});
