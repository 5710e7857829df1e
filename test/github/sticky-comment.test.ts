import { getOctokit } from '@actions/github';
import { afterEach, describe, expect, it } from 'vitest';
import { commentMarker } from '../../src/github/marker.js';
import { upsertStickyComment, type StickyResult } from '../../src/github/sticky-comment.js';
import { DefaultOwner, DefaultRepo, startGithubStandin, type GithubStandin, type StandinOptions } from '../support/github-standin.js';

const Token = 'ghs_standinSecretToken123';
const Issue = 7;
let standin: GithubStandin | undefined;

afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

async function start(options: StandinOptions = {}): Promise<GithubStandin> {
  standin = await startGithubStandin(options);
  return standin;
}

interface Upsert {
  key?: string;
  body?: string;
  token?: string;
  sleeps?: number[];
  runUrl?: string;
}

function upsert(s: GithubStandin, { key = 'pr-check', body = 'Answer', token = Token, sleeps = [], runUrl }: Upsert = {}): Promise<StickyResult> {
  return upsertStickyComment({
    octokit: getOctokit(token, { baseUrl: s.apiUrl }),
    owner: DefaultOwner,
    repo: DefaultRepo,
    issueNumber: Issue,
    key,
    body: `${commentMarker(key)}\n${body}`,
    ...(runUrl ? { runUrl } : {}),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

const marked = (s: GithubStandin, key = 'pr-check') => s.commentsOn(Issue).filter((c) => c.body.split('\n')[0] === commentMarker(key));

describe('upsertStickyComment against the GitHub stand-in', () => {
  it('creates the comment, marker first, sending the token only as authorization', async () => {
    const s = await start();
    const result = await upsert(s);
    expect(result).toMatchObject({ kind: 'created' });
    const [comment] = s.commentsOn(Issue);
    expect(s.commentsOn(Issue)).toHaveLength(1);
    expect(comment?.body).toBe(`${commentMarker('pr-check')}\nAnswer`);
    expect(result).toEqual({ kind: 'created', id: comment?.id, url: comment?.html_url });
    for (const request of s.requests) {
      expect(request.headers.authorization).toBe(`token ${Token}`);
      expect(request.path).not.toContain(Token);
      expect(request.body).not.toContain(Token);
    }
  });

  it('updates in place and leaves other people and other keys alone', async () => {
    const s = await start({
      seed: [
        { issueNumber: Issue, body: 'LGTM' },
        { issueNumber: Issue, body: `${commentMarker('other-key')}\nother leg`, user: { login: 'github-actions[bot]', type: 'Bot' } },
        { issueNumber: Issue + 1, body: `${commentMarker('pr-check')}\nanother PR`, user: { login: 'github-actions[bot]', type: 'Bot' } },
      ],
    });
    const first = await upsert(s, { body: 'first' });
    const second = await upsert(s, { body: 'second' });
    expect(first.kind).toBe('created');
    expect(second).toMatchObject({ kind: 'updated' });
    expect(second.kind !== 'skipped' && first.kind !== 'skipped' && second.id === first.id).toBe(true);
    expect(s.commentsOn(Issue).map((c) => c.body)).toEqual(['LGTM', `${commentMarker('other-key')}\nother leg`, `${commentMarker('pr-check')}\nsecond`]);
    expect(s.commentsOn(Issue + 1)[0]?.body).toContain('another PR');
  });

  it('finds its comment past the first page of 100 (follows Link headers)', async () => {
    const s = await start({
      seed: [
        ...Array.from({ length: 150 }, (_, i) => ({ issueNumber: Issue, body: `comment ${i}` })),
        { issueNumber: Issue, body: `${commentMarker('pr-check')}\nold`, user: { login: 'github-actions[bot]', type: 'Bot' as const } },
      ],
    });
    const result = await upsert(s, { body: 'new' });
    expect(result.kind).toBe('updated');
    expect(s.commentsOn(Issue)).toHaveLength(151);
    expect(marked(s)[0]?.body).toBe(`${commentMarker('pr-check')}\nnew`);
    const lists = s.requests.filter((r) => r.method === 'GET');
    expect(lists.map((r) => r.path)).toEqual([
      `/repos/${DefaultOwner}/${DefaultRepo}/issues/${Issue}/comments?per_page=100`,
      expect.stringMatching(/^\/repositories\/\d+\/issues\/7\/comments\?per_page=100&page=2$/),
    ]);
  });

  it('leaves exactly one comment when concurrent matrix legs upsert the same key', async () => {
    for (const delayMs of [0, 5]) {
      const s = await start({ delayMs });
      const results = await Promise.all([upsert(s, { body: 'leg A' }), upsert(s, { body: 'leg B' }), upsert(s, { body: 'leg C' })]);
      expect(results.every((r) => r.kind !== 'skipped')).toBe(true);
      // The legs really raced: each listed before any created.
      expect(s.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
      const remaining = marked(s);
      expect(remaining).toHaveLength(1);
      // Every leg reports the comment that remains, or its own when it was the one kept.
      for (const r of results) if (r.kind !== 'skipped') expect(r.id).toBe(remaining[0]?.id);
      await s.close();
      standin = undefined;
    }
  });

  it('cleans up duplicates left by an earlier race, keeping the oldest', async () => {
    const bot = { login: 'github-actions[bot]', type: 'Bot' as const };
    const s = await start({
      seed: [
        { issueNumber: Issue, body: `${commentMarker('pr-check')}\none`, user: bot },
        { issueNumber: Issue, body: `${commentMarker('pr-check')}\ntwo`, user: bot },
      ],
    });
    const oldest = s.commentsOn(Issue)[0]?.id;
    const result = await upsert(s, { body: 'three' });
    expect(result).toMatchObject({ kind: 'updated', id: oldest });
    expect(marked(s).map((c) => c.body)).toEqual([`${commentMarker('pr-check')}\nthree`]);
  });

  it('matches a marker line the web editor saved with CRLF', async () => {
    const s = await start({ seed: [{ issueNumber: Issue, body: `${commentMarker('pr-check')}\r\nedited`, user: { login: 'github-actions[bot]', type: 'Bot' } }] });
    expect((await upsert(s)).kind).toBe('updated');
    expect(s.commentsOn(Issue)).toHaveLength(1);
  });

  it('does not adopt a person\'s comment that forges the marker when writing as the bot', async () => {
    const s = await start({ seed: [{ issueNumber: Issue, body: `${commentMarker('pr-check')}\nforged`, user: { login: 'mallory', type: 'User' } }] });
    const result = await upsert(s, { body: 'real' });
    expect(result.kind).toBe('created');
    expect(s.commentsOn(Issue).map((c) => c.body)).toEqual([`${commentMarker('pr-check')}\nforged`, `${commentMarker('pr-check')}\nreal`]);
    expect(s.requests.some((r) => r.path.endsWith('/user'))).toBe(true);
  });

  it('adopts its own comment when the token is a person\'s (personal access token)', async () => {
    const alice = { login: 'alice', type: 'User' as const };
    const s = await start({
      identities: { pat_alice: alice },
      seed: [
        { issueNumber: Issue, body: `${commentMarker('pr-check')}\nforged`, user: { login: 'mallory', type: 'User' } },
        { issueNumber: Issue, body: `${commentMarker('pr-check')}\nmine`, user: alice },
      ],
    });
    const result = await upsert(s, { token: 'pat_alice', body: 'updated' });
    expect(result.kind).toBe('updated');
    expect(s.commentsOn(Issue).map((c) => c.body.split('\n')[1])).toEqual(['forged', 'updated']);
  });

  it('skips with the permission fix on 403, without leaking the token', async () => {
    const s = await start();
    s.inject({ kind: 'forbidden', method: 'POST' });
    const result = await upsert(s);
    expect(result).toMatchObject({ kind: 'skipped', reason: 'forbidden' });
    const warning = result.kind === 'skipped' ? result.warning : '';
    expect(warning).toContain('HTTP 403');
    expect(warning).toContain('Resource not accessible by integration');
    expect(warning).toContain('permissions: pull-requests: write');
    expect(warning).toContain('pull_request_target');
    expect(warning).not.toContain(Token);
    expect(warning).not.toContain('\n');
    expect(s.commentsOn(Issue)).toHaveLength(0);
  });

  it('skips with a warning on 404 and on 401', async () => {
    const s = await start();
    s.inject({ kind: 'not-found', method: 'GET' });
    expect(await upsert(s)).toMatchObject({ kind: 'skipped', reason: 'not-found', warning: expect.stringContaining(`${DefaultOwner}/${DefaultRepo}#${Issue}`) });
    s.inject({ kind: 'unauthorized' });
    expect(await upsert(s)).toMatchObject({ kind: 'skipped', reason: 'unauthorized', warning: expect.stringContaining('githubToken') });
  });

  it('retries once with a short body when GitHub says the body is too long', async () => {
    const s = await start();
    s.inject({ kind: 'body-too-long', method: 'POST' });
    const result = await upsert(s, { runUrl: 'https://github.com/o/r/actions/runs/1' });
    expect(result.kind).toBe('created');
    const [comment] = s.commentsOn(Issue);
    expect(comment?.body.split('\n')[0]).toBe(commentMarker('pr-check'));
    expect(comment?.body).toContain('too long');
    expect(comment?.body).toContain('(https://github.com/o/r/actions/runs/1)');
    expect(s.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([422, 201]);
  });

  it('sends the short body straight away when the body is over the limit', async () => {
    const s = await start();
    const result = await upsert(s, { body: 'x'.repeat(70_000) });
    expect(result.kind).toBe('created');
    expect(s.requests.filter((r) => r.status === 422)).toHaveLength(0);
    expect(s.commentsOn(Issue)[0]?.body.length).toBeLessThan(1_000);
  });

  it('skips when even the short body is rejected', async () => {
    const s = await start();
    s.inject({ kind: 'body-too-long', method: 'POST', times: 2 });
    expect(await upsert(s)).toMatchObject({ kind: 'skipped', reason: 'body-too-long' });
  });

  it('waits out a secondary rate limit once, honouring retry-after', async () => {
    const s = await start();
    s.inject({ kind: 'secondary-rate-limit', method: 'GET', retryAfter: 3 });
    const sleeps: number[] = [];
    expect((await upsert(s, { sleeps })).kind).toBe('created');
    expect(sleeps).toEqual([3_000]);
  });

  it('waits out a 429 once; a second limit in a row is a warning', async () => {
    const s = await start();
    s.inject({ kind: 'too-many-requests', method: 'POST', retryAfter: 2, times: 2 });
    const sleeps: number[] = [];
    expect(await upsert(s, { sleeps })).toMatchObject({ kind: 'skipped', reason: 'rate-limited' });
    expect(sleeps).toEqual([2_000]);
    expect(s.commentsOn(Issue)).toHaveLength(0);
  });

  it('does not wait when the rate limit asks for longer than it is worth', async () => {
    const s = await start();
    s.inject({ kind: 'secondary-rate-limit', retryAfter: 60 });
    const sleeps: number[] = [];
    expect(await upsert(s, { sleeps })).toMatchObject({ kind: 'skipped', reason: 'rate-limited', warning: expect.stringContaining('job summary') });
    s.inject({ kind: 'rate-limit' });
    expect(await upsert(s, { sleeps })).toMatchObject({ kind: 'skipped', reason: 'rate-limited' });
    expect(sleeps).toEqual([]);
  });

  it('retries a server error once', async () => {
    const s = await start();
    s.inject({ kind: 'server-error', method: 'POST' });
    const sleeps: number[] = [];
    expect((await upsert(s, { sleeps })).kind).toBe('created');
    expect(sleeps).toHaveLength(1);
    s.inject({ kind: 'server-error', times: 2 });
    expect(await upsert(s, { sleeps })).toMatchObject({ kind: 'skipped', reason: 'error' });
  });

  it('never throws when GitHub is unreachable', async () => {
    const s = await start();
    const apiUrl = s.apiUrl;
    await s.close();
    standin = undefined;
    const result = await upsertStickyComment({
      octokit: getOctokit(Token, { baseUrl: apiUrl }),
      owner: DefaultOwner,
      repo: DefaultRepo,
      issueNumber: Issue,
      key: 'k',
      body: 'x',
      sleep: async () => {},
    });
    expect(result).toMatchObject({ kind: 'skipped', reason: 'error' });
    // Said as what it is, not as the "HTTP 500" Octokit gives a request that got no answer.
    const warning = (result as { warning: string }).warning;
    expect(warning).toMatch(/network failure: GitHub could not be reached, the connection was refused \(.*ECONNREFUSED/);
    expect(warning).not.toContain('HTTP 500');
  });

  it('says a host name that does not resolve is a network failure', async () => {
    // What fetch throws when DNS fails; Octokit turns it into a RequestError with status 500.
    const fetch = async (): Promise<Response> => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.github.com'), { code: 'ENOTFOUND' }) });
    };
    const result = await upsertStickyComment({
      octokit: getOctokit(Token, { request: { fetch } }),
      owner: DefaultOwner,
      repo: DefaultRepo,
      issueNumber: Issue,
      key: 'k',
      body: 'x',
      sleep: async () => {},
    });
    expect(result).toMatchObject({ kind: 'skipped', reason: 'error' });
    expect((result as { warning: string }).warning).toBe(
      'The pull request comment was skipped (network failure: GitHub could not be reached, its host name did not resolve (getaddrinfo ENOTFOUND api.github.com); check GITHUB_API_URL and any proxy settings): the answer is in the job summary.',
    );
  });

  it('works under a GitHub Enterprise Server prefix and adds a missing marker', async () => {
    const s = await start({ prefix: '/api/v3' });
    expect(s.apiUrl).toMatch(/\/api\/v3$/);
    const result = await upsertStickyComment({
      octokit: getOctokit(Token, { baseUrl: s.apiUrl }),
      owner: DefaultOwner,
      repo: DefaultRepo,
      issueNumber: Issue,
      key: 'ghes',
      body: 'no marker here',
    });
    expect(result.kind).toBe('created');
    expect(s.commentsOn(Issue)[0]?.body).toBe(`${commentMarker('ghes')}\nno marker here`);
    expect(s.requests.every((r) => r.path.startsWith('/api/v3/'))).toBe(true);
  });
});
