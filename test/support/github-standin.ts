/**
 * A local stand-in for the part of GitHub's REST API the action uses for PR comments, served over
 * loopback HTTP so tests run the real Octokit (and the action's real HTTP stack) against it.
 * Point GITHUB_API_URL (or Octokit's baseUrl) at `apiUrl`; give a `prefix` such as `/api/v3` to
 * look like GitHub Enterprise Server.
 *
 * Implements, under the prefix:
 *   GET/POST     /repos/{owner}/{repo}/issues/{number}/comments   (per_page, page, Link headers)
 *   GET          /repositories/{id}/issues/{number}/comments      (where GitHub's Link headers point)
 *   GET/PATCH/DELETE /repos/{owner}/{repo}/issues/comments/{id}
 *   GET          /user                                            (403 for app tokens, as GitHub does)
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Identity {
  login: string;
  /** GitHub's user.type: "Bot" for app tokens (github-actions[bot]), "User" for personal tokens. */
  type: 'Bot' | 'User';
  id?: number;
}

export interface StandinComment {
  id: number;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  user: Identity;
  created_at: string;
  updated_at: string;
  html_url: string;
}

export interface StandinRequest {
  method: string;
  /** Full path as received, prefix and query included. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export type FaultKind =
  | 'forbidden'
  | 'unauthorized'
  | 'not-found'
  | 'body-too-long'
  | 'secondary-rate-limit'
  | 'rate-limit'
  | 'too-many-requests'
  | 'server-error';

export interface Fault {
  kind: FaultKind;
  /** How many matching requests get the fault (default 1; Infinity for all). */
  times?: number;
  /** Only requests with this method (GET, POST, PATCH, DELETE). */
  method?: string;
  /** Only requests whose path (prefix stripped, no query) contains this string or matches this pattern. */
  path?: string | RegExp;
  /** Seconds, for the rate limit kinds (retry-after; default 1). */
  retryAfter?: number;
}

export interface SeedComment {
  owner?: string;
  repo?: string;
  issueNumber: number;
  body: string;
  user?: Identity;
}

export interface StandinOptions {
  /** Path prefix of the API, e.g. "/api/v3" for GitHub Enterprise Server. */
  prefix?: string;
  /** Who each token is; tokens not listed are `defaultIdentity`. */
  identities?: Record<string, Identity>;
  defaultIdentity?: Identity;
  /** GitHub rejects longer comment bodies with 422 (characters). */
  maxBodyChars?: number;
  /** Comments present before the test starts (get the lowest ids, oldest first). */
  seed?: SeedComment[];
  /** Delay before answering each request, to widen race windows. */
  delayMs?: number;
}

export interface GithubStandin {
  /** http://127.0.0.1:port */
  url: string;
  /** url + prefix: what GITHUB_API_URL / baseUrl should be. */
  apiUrl: string;
  /** Live list of all comments, in id order. */
  comments: StandinComment[];
  /** Every request received, in order. */
  requests: StandinRequest[];
  /** Comments on one issue, oldest first. */
  commentsOn(issueNumber: number, owner?: string, repo?: string): StandinComment[];
  seed(...comments: SeedComment[]): StandinComment[];
  inject(fault: Fault): void;
  close(): Promise<void>;
}

export const ActionsBot: Identity = { login: 'github-actions[bot]', type: 'Bot', id: 41898282 };
export const DefaultOwner = 'octo-org';
export const DefaultRepo = 'octo-repo';
const Docs = 'https://docs.github.com/rest/issues/comments';

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function faultReply(fault: Fault): Reply {
  const retryAfter = String(fault.retryAfter ?? 1);
  switch (fault.kind) {
    case 'forbidden':
      return { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: `${Docs}#create-an-issue-comment`, status: '403' } };
    case 'unauthorized':
      return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };
    case 'not-found':
      return { status: 404, body: { message: 'Not Found', documentation_url: `${Docs}#list-issue-comments`, status: '404' } };
    case 'body-too-long':
      return { status: 422, body: bodyTooLong() };
    case 'secondary-rate-limit':
      return {
        status: 403,
        headers: { 'retry-after': retryAfter },
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
          documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          status: '403',
        },
      };
    case 'rate-limit':
      return {
        status: 403,
        headers: {
          'x-ratelimit-limit': '1000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        },
        body: { message: 'API rate limit exceeded for installation ID 1.', documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting', status: '403' },
      };
    case 'too-many-requests':
      return { status: 429, headers: { 'retry-after': retryAfter }, body: { message: 'Too Many Requests', status: '429' } };
    case 'server-error':
      return { status: 502, body: { message: 'Server Error' } };
  }
}

function bodyTooLong(): unknown {
  return {
    message: 'Validation Failed',
    errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }],
    documentation_url: `${Docs}#create-an-issue-comment`,
    status: '422',
  };
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method) return false;
  if (fault.path === undefined) return true;
  return typeof fault.path === 'string' ? path.includes(fault.path) : fault.path.test(path);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startGithubStandin(options: StandinOptions = {}): Promise<GithubStandin> {
  const prefix = (options.prefix ?? '').replace(/\/+$/, '');
  const maxBodyChars = options.maxBodyChars ?? 65_536;
  const comments: StandinComment[] = [];
  const requests: StandinRequest[] = [];
  const faults: { fault: Fault; left: number }[] = [];
  const repoIds = new Map<string, number>();
  let nextId = 1_000_001;
  let clock = Date.parse('2025-01-15T10:00:00Z');
  let origin = '';

  const repoId = (owner: string, repo: string): number => {
    const key = `${owner}/${repo}`.toLowerCase();
    if (!repoIds.has(key)) repoIds.set(key, 500_000 + repoIds.size + 1);
    return repoIds.get(key) as number;
  };
  const repoById = (id: number): { owner: string; repo: string } | undefined => {
    for (const [key, value] of repoIds) {
      if (value === id) {
        const [owner, repo] = key.split('/') as [string, string];
        return { owner, repo };
      }
    }
    return undefined;
  };
  const tick = (): string => {
    clock += 1000;
    return new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  };

  const addComment = (owner: string, repo: string, issueNumber: number, body: string, user: Identity): StandinComment => {
    const id = nextId++;
    const at = tick();
    const comment: StandinComment = {
      id,
      owner,
      repo,
      issueNumber,
      body,
      user,
      created_at: at,
      updated_at: at,
      html_url: `https://github.com/${owner}/${repo}/pull/${issueNumber}#issuecomment-${id}`,
    };
    comments.push(comment);
    repoId(owner, repo);
    return comment;
  };

  const seed = (...items: SeedComment[]): StandinComment[] =>
    items.map((s) => addComment(s.owner ?? DefaultOwner, s.repo ?? DefaultRepo, s.issueNumber, s.body, s.user ?? { login: 'octocat', type: 'User', id: 583231 }));
  seed(...(options.seed ?? []));

  const commentsOn = (issueNumber: number, owner = DefaultOwner, repo = DefaultRepo): StandinComment[] =>
    comments.filter((c) => c.issueNumber === issueNumber && c.owner.toLowerCase() === owner.toLowerCase() && c.repo.toLowerCase() === repo.toLowerCase());

  const json = (c: StandinComment): Record<string, unknown> => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${origin}${prefix}/repos/${c.owner}/${c.repo}/issues/comments/${c.id}`,
    html_url: c.html_url,
    issue_url: `${origin}${prefix}/repos/${c.owner}/${c.repo}/issues/${c.issueNumber}`,
    body: c.body,
    user: { login: c.user.login, id: c.user.id ?? 1, type: c.user.type },
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER',
  });

  const identityOf = (headers: IncomingHttpHeaders): Identity | undefined => {
    const auth = headers.authorization;
    const token = auth?.match(/^(?:token|bearer)\s+(.+)$/i)?.[1];
    if (!token) return undefined;
    return options.identities?.[token] ?? options.defaultIdentity ?? ActionsBot;
  };

  const listPage = (owner: string, repo: string, issueNumber: number, query: URLSearchParams): Reply => {
    const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const all = commentsOn(issueNumber, owner, repo);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const items = all.slice((page - 1) * perPage, page * perPage).map(json);
    const pageUrl = (p: number): string =>
      `${origin}${prefix}/repositories/${repoId(owner, repo)}/issues/${issueNumber}/comments?per_page=${perPage}&page=${p}`;
    const links: string[] = [];
    if (page > 1) links.push(`<${pageUrl(page - 1)}>; rel="prev"`);
    if (page < last) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
    if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`);
    return { status: 200, body: items, headers: links.length > 0 ? { link: links.join(', ') } : {} };
  };

  const validBody = (raw: string): { body: string } | Reply => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { status: 400, body: { message: 'Problems parsing JSON', status: '400' } };
    }
    const body = (parsed as { body?: unknown } | null)?.body;
    if (typeof body !== 'string' || body.length === 0) {
      return { status: 422, body: { message: 'Invalid request.\n\n"body" wasn\'t supplied.', status: '422' } };
    }
    if (Array.from(body).length > maxBodyChars) return { status: 422, body: bodyTooLong() };
    return { body };
  };

  const route = (method: string, path: string, query: URLSearchParams, raw: string, who: Identity): Reply => {
    let m: RegExpMatchArray | null;
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/))) {
      const [, owner, repo, n] = m as unknown as [string, string, string, string];
      if (method === 'GET') return listPage(owner, repo, Number(n), query);
      if (method === 'POST') {
        const checked = validBody(raw);
        if ('status' in checked) return checked;
        return { status: 201, body: json(addComment(owner, repo, Number(n), checked.body, who)) };
      }
    }
    if ((m = path.match(/^\/repositories\/(\d+)\/issues\/(\d+)\/comments$/)) && method === 'GET') {
      const repo = repoById(Number(m[1]));
      if (repo) return listPage(repo.owner, repo.repo, Number(m[2]), query);
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/))) {
      const [, owner, repo, id] = m as unknown as [string, string, string, string];
      const index = comments.findIndex(
        (c) => c.id === Number(id) && c.owner.toLowerCase() === owner.toLowerCase() && c.repo.toLowerCase() === repo.toLowerCase(),
      );
      const comment = comments[index];
      if (!comment) return faultReply({ kind: 'not-found' });
      if (method === 'GET') return { status: 200, body: json(comment) };
      if (method === 'PATCH') {
        const checked = validBody(raw);
        if ('status' in checked) return checked;
        comment.body = checked.body;
        comment.updated_at = tick();
        return { status: 200, body: json(comment) };
      }
      if (method === 'DELETE') {
        comments.splice(index, 1);
        return { status: 204 };
      }
    }
    if (path === '/user' && method === 'GET') {
      if (who.type === 'Bot') {
        return { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '403' } };
      }
      return { status: 200, body: { login: who.login, id: who.id ?? 1, type: who.type } };
    }
    return faultReply({ kind: 'not-found' });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', origin);
    const entry: StandinRequest = { method, path: `${url.pathname}${url.search}`, headers: req.headers, body: raw, status: 0 };
    requests.push(entry);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));

    let reply: Reply;
    const who = identityOf(req.headers);
    if (!url.pathname.startsWith(`${prefix}/`)) {
      reply = faultReply({ kind: 'not-found' });
    } else if (!who) {
      reply = { status: 401, body: { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest', status: '401' } };
    } else {
      const path = url.pathname.slice(prefix.length);
      const pending = faults.find((f) => f.left > 0 && matches(f.fault, method, path));
      if (pending) {
        pending.left -= 1;
        reply = faultReply(pending.fault);
      } else {
        reply = route(method, path, url.searchParams, raw, who);
      }
    }
    entry.status = reply.status;
    const headers: Record<string, string> = {
      'x-github-request-id': `0000:${requests.length}`,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      ...reply.headers,
    };
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(reply.body));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    apiUrl: `${origin}${prefix}`,
    comments,
    requests,
    commentsOn,
    seed,
    inject: (fault) => faults.push({ fault, left: fault.times ?? 1 }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
