/**
 * A small forwarding proxy on loopback, as found in front of self-hosted runners: HTTP CONNECT
 * tunnels (what clients use for https:// targets) and absolute-URI forwarding of plain HTTP
 * (what they may use for http:// targets). It records every host it was asked to reach.
 *
 * `hosts` maps names to addresses the way a corporate proxy's own DNS would: the test can then use
 * names that only the proxy can resolve, so a request that arrives at all must have come through it.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ProxyRecord {
  /** CONNECT for a tunnel; the HTTP method for a forwarded request. */
  method: string;
  /** Host name as the client asked for it (before the proxy's own resolution), lower-case. */
  host: string;
  port: number;
  /** Path and query of a forwarded plain-HTTP request; undefined for tunnels. */
  path?: string;
  /** The Proxy-Authorization header the client sent, if any. */
  proxyAuthorization?: string;
  /** Status the proxy answered itself (407, 502) or the upstream's status of a forwarded request. */
  status?: number;
}

export interface ProxyOptions {
  /** Host name → address the proxy connects to instead of resolving the name. */
  hosts?: Record<string, string>;
  /** Require `Proxy-Authorization: Basic base64(username:password)`; 407 otherwise. */
  credentials?: { username: string; password: string };
}

export interface ForwardProxy {
  /** http://127.0.0.1:port — the value for HTTPS_PROXY / HTTP_PROXY. */
  url: string;
  port: number;
  readonly records: ProxyRecord[];
  /** Distinct `host:port` targets reached through the proxy, in first-use order. */
  targets(): string[];
  close(): Promise<void>;
}

function splitHostPort(authority: string, defaultPort: number): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(authority);
  return { host: (m?.[1] ?? authority).toLowerCase(), port: m?.[2] ? Number(m[2]) : defaultPort };
}

export async function startProxy(options: ProxyOptions = {}): Promise<ForwardProxy> {
  const records: ProxyRecord[] = [];
  const sockets = new Set<Socket | Duplex>();
  const address = (host: string): string => options.hosts?.[host] ?? host;
  const expectedAuth = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`
    : undefined;
  const track = <T extends Socket | Duplex>(socket: T): T => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    return socket;
  };
  const authorised = (req: IncomingMessage, record: ProxyRecord): boolean => {
    const given = req.headers['proxy-authorization'];
    if (given !== undefined) record.proxyAuthorization = given;
    return expectedAuth === undefined || given === expectedAuth;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Forwarding: the request line carries an absolute URI.
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('This is a proxy: absolute URIs only.\n');
      return;
    }
    const { host, port } = splitHostPort(target.host, target.protocol === 'https:' ? 443 : 80);
    const record: ProxyRecord = { method: req.method ?? 'GET', host, port, path: `${target.pathname}${target.search}` };
    records.push(record);
    if (!authorised(req, record)) {
      record.status = 407;
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test-proxy"' }).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(
      { host: address(host), port, method: req.method, path: record.path, headers },
      (answer) => {
        record.status = answer.statusCode ?? 0;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      record.status = 502;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('Bad gateway\n');
    });
    req.pipe(upstream);
  });

  server.on('connection', (socket: Socket) => track(socket));

  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    const { host, port } = splitHostPort(req.url ?? '', 443);
    const record: ProxyRecord = { method: 'CONNECT', host, port };
    records.push(record);
    client.on('error', () => undefined);
    if (!authorised(req, record)) {
      record.status = 407;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test-proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = track(connect(port, address(host)));
    upstream.once('connect', () => {
      record.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (record.status === undefined) {
        record.status = 502;
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      } else {
        client.destroy();
      }
    });
    client.on('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    records,
    targets: () => [...new Set(records.map((r) => `${r.host}:${r.port}`))],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
