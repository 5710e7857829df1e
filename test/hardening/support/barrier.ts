/**
 * A pass-through server that holds matching requests until `count` of them have arrived, then
 * lets them all go at once: two matrix legs then surely both list the comments before either
 * writes, the interleaving that makes the sticky-comment race. No timer: however long a loaded
 * machine takes to start the second leg, the first waits for it. A test calls `open()` once a
 * leg has exited, so a leg that never arrives cannot hold the other forever.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Barrier {
  url: string;
  /** Lets every held request go, and all later ones through. */
  open(): void;
  close(): Promise<void>;
}

export async function startBarrier(target: string, matches: (method: string, path: string) => boolean, count: number): Promise<Barrier> {
  const upstream = new URL(target);
  const waiting: (() => void)[] = [];
  const sockets = new Set<Socket>();
  let opened = false;
  const open = () => {
    opened = true;
    for (const release of waiting.splice(0)) release();
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!opened && matches(req.method ?? 'GET', req.url ?? '/')) {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length >= count) open();
      });
    }
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    forward.end(Buffer.concat(chunks));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    open,
    close: () =>
      new Promise<void>((resolve) => {
        open();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
