import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as github from '@actions/github';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runPlace } from '../../src/github/run-context.js';
import { pullRequestNumber } from '../../src/github/pull-request.js';

const dir = mkdtempSync(join(tmpdir(), 'run-context-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function eventFile(name: string, payload: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return path;
}

/** `@actions/github`'s own reading of the same environment: the behaviour runPlace keeps. */
function toolkitPlace(env: Record<string, string>): { owner: string; repo: string; pullRequest: number | undefined } {
  for (const name of ['GITHUB_REPOSITORY', 'GITHUB_EVENT_PATH', 'GITHUB_EVENT_NAME']) vi.stubEnv(name, env[name]);
  try {
    const Context = github.context.constructor as new () => typeof github.context;
    const context = new Context();
    return { ...context.repo, pullRequest: pullRequestNumber(context) };
  } finally {
    vi.unstubAllEnvs();
  }
}

describe('runPlace', () => {
  const cases: [string, Record<string, string>][] = [
    ['a pull request', { GITHUB_REPOSITORY: 'acme/models', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventFile('pr.json', { pull_request: { number: 7 } }) }],
    ['a comment on a pull request', { GITHUB_REPOSITORY: 'acme/models', GITHUB_EVENT_NAME: 'issue_comment', GITHUB_EVENT_PATH: eventFile('comment.json', { issue: { number: 9, pull_request: {} } }) }],
    ['a schedule', { GITHUB_REPOSITORY: 'acme/models', GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: eventFile('schedule.json', { schedule: '0 6 * * 1' }) }],
    ['the repository named only by the event', { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventFile('repo.json', { pull_request: { number: 3 }, repository: { name: 'models', owner: { login: 'acme' } } }) }],
  ];

  it.each(cases)('reads %s as @actions/github does', (_, env) => {
    const place = runPlace(env);
    expect({ owner: place.owner, repo: place.repo, pullRequest: place.pullRequest }).toEqual(toolkitPlace(env));
  });

  it('reads no event when the event file is missing, and says so', () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const place = runPlace({ GITHUB_REPOSITORY: 'acme/models', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(dir, 'missing.json') });
      expect(place).toEqual({ owner: 'acme', repo: 'models' });
    } finally {
      write.mockRestore();
    }
    expect(written.join('')).toContain(`GITHUB_EVENT_PATH ${join(dir, 'missing.json')} does not exist`);
  });

  it('names the event file when it is not JSON', () => {
    const path = eventFile('broken.json', '{"pull_request":');
    expect(() => runPlace({ GITHUB_REPOSITORY: 'acme/models', GITHUB_EVENT_PATH: path })).toThrow(`The workflow event file ${path} is not JSON`);
  });

  it('refuses a run whose repository is unknown', () => {
    expect(() => runPlace({})).toThrow(/GITHUB_REPOSITORY \(owner\/repo\) is not set/);
  });

  it('links the run attempt', () => {
    const place = runPlace({ GITHUB_REPOSITORY: 'acme/models', GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2' });
    expect(place.runUrl).toBe('https://github.com/acme/models/actions/runs/42/attempts/2');
  });
});
