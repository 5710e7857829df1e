/**
 * HTTPS for loopback services: a throwaway self-signed certificate (openssl, valid one day) and a
 * TLS front that terminates TLS and passes the bytes to a plain-HTTP service. Child processes
 * trust the certificate through NODE_EXTRA_CA_CERTS, as a runner behind a TLS-inspecting proxy
 * trusts its company's CA.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:tls';
import { promisify } from 'node:util';

export interface Certificate {
  certFile: string;
  cert: string;
  key: string;
}

export async function selfSignedCertificate(dnsNames: string[]): Promise<Certificate> {
  const dir = await mkdtemp(join(tmpdir(), 'omni-hardening-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const san = [...dnsNames.map((name) => `DNS:${name}`), 'IP:127.0.0.1'].join(',');
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=omni-ai-job hardening test', '-addext', `subjectAltName=${san}`,
    '-keyout', keyFile, '-out', certFile,
  ]);
  return { certFile, cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
}

export interface TlsFront {
  port: number;
  close(): Promise<void>;
}

/** Terminates TLS on a loopback port and pipes each connection to 127.0.0.1:`targetPort`. */
export async function startTlsFront(targetPort: number, certificate: Certificate): Promise<TlsFront> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer({ cert: certificate.cert, key: certificate.key }, (secure) => {
    track(secure);
    const plain = connect(targetPort, '127.0.0.1');
    track(plain);
    secure.pipe(plain).pipe(secure);
    secure.on('close', () => plain.destroy());
    plain.on('close', () => secure.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
