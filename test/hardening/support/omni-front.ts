/**
 * A server in front of the emulator that passes everything through, except where a test rewrites
 * Omni's answers or answers itself: an Omni (or a gateway before it) that echoes request data,
 * secrets included, or returns hostile text. The emulator stays untouched.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RouteName } from '../../emulator/index.js';

export interface SeenRequest {
  route: RouteName | null;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export interface FrontAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FrontOptions {
  /** The emulator's url (http://127.0.0.1:port). */
  target: string;
  /** Answers the request here instead of passing it on (undefined: pass it on). */
  answer?: (request: SeenRequest) => FrontAnswer | undefined;
  /** Rewrites a JSON answer passed back from the emulator (undefined: unchanged). */
  rewrite?: (request: SeenRequest, body: unknown, status: number) => unknown;
  /** Replaces the body passed on to the emulator (undefined: unchanged); `seen` keeps the original. */
  rewriteRequest?: (request: SeenRequest) => string | undefined;
}

export interface OmniFront {
  url: string;
  apiBase: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

const Routes: [RouteName, string, RegExp][] = [
  ['createJob', 'POST', /^\/api\/v1\/ai\/jobs$/],
  ['getJob', 'GET', /^\/api\/v1\/ai\/jobs\/[^/]+$/],
  ['cancelJob', 'POST', /^\/api\/v1\/ai\/jobs\/[^/]+\/cancel$/],
  ['getResult', 'GET', /^\/api\/v1\/ai\/jobs\/[^/]+\/result$/],
  ['listModels', 'GET', /^\/api\/v1\/models$/],
];

function routeOf(method: string, path: string): RouteName | null {
  return Routes.find(([, m, pattern]) => m === method && pattern.test(path))?.[0] ?? null;
}

export async function startOmniFront(options: FrontOptions): Promise<OmniFront> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const target = new URL(options.target);

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://front.invalid').pathname;
    const request: SeenRequest = { route: routeOf(method, path), method, path, headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') };
    seen.push(request);

    const own = options.answer?.(request);
    if (own) {
      res.writeHead(own.status, { 'content-type': 'application/json; charset=utf-8', ...own.headers }).end(JSON.stringify(own.body));
      return;
    }
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method, path: req.url, headers: forwardHeaders(req.headers, target.host) },
      async (answer) => {
        const parts: Buffer[] = [];
        for await (const part of answer) parts.push(part as Buffer);
        let text = Buffer.concat(parts).toString('utf8');
        const status = answer.statusCode ?? 502;
        const headers = { ...answer.headers };
        if (options.rewrite && /json/.test(String(headers['content-type']))) {
          const rewritten = options.rewrite(request, JSON.parse(text), status);
          if (rewritten !== undefined) text = JSON.stringify(rewritten);
        }
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(text)) }).end(text);
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(options.rewriteRequest?.(request) ?? request.rawBody);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    apiBase: `${url}/api`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function forwardHeaders(headers: IncomingHttpHeaders, host: string): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = { ...headers, host };
  // The body may be rewritten: let Node frame it again.
  delete out['content-length'];
  delete out['transfer-encoding'];
  return out;
}
