/**
 * Self-hosted runners behind a proxy: dist/index.js reaches Omni and GitHub through a real
 * forwarding proxy on loopback (CONNECT tunnels for https://, absolute-URI forwarding for http://),
 * honours HTTPS_PROXY / HTTP_PROXY (either case) and NO_PROXY, and works against GitHub Enterprise
 * Server's /api/v3 prefix.
 *
 * The services use names only the proxy can resolve (omni.proxy.test, github.proxy.test): a
 * request that arrives at all came through the proxy. That also sidesteps a trait of
 * @actions/http-client (GitHub's client): it never proxies localhost or 127.x, whatever the settings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type ForwardProxy } from '../support/proxy.js';
import { inputs, PollMs, runPostStep, runStep, startStep, testBudget, visibleLog, withServices, workspace, type Services } from './support/e2e.js';
import { selfSignedCertificate, startTlsFront, type Certificate, type TlsFront } from './support/tls.js';

const OmniName = 'omni.proxy.test';
const GithubName = 'github.proxy.test';
const Hosts = { [OmniName]: '127.0.0.1', [GithubName]: '127.0.0.1' };
const Prefix = '/api/v3';

let certificate: Certificate;
beforeAll(async () => {
  certificate = await selfSignedCertificate([OmniName, GithubName, 'localhost']);
});

/** The emulator and the GitHub stand-in (under /api/v3), each behind TLS, and a proxy. */
interface Network {
  services: Services;
  proxy: ForwardProxy;
  omniTls: TlsFront;
  githubTls: TlsFront;
  omniPort: number;
  githubPort: number;
}

async function withNetwork(test: (net: Network) => Promise<void>, proxyOptions: Parameters<typeof startProxy>[0] = {}): Promise<void> {
  await withServices(
    async (services) => {
      const proxy = await startProxy({ hosts: Hosts, ...proxyOptions });
      const omniPort = Number(new URL(services.emulator.url).port);
      const githubPort = Number(new URL(services.github.url).port);
      const omniTls = await startTlsFront(omniPort, certificate);
      const githubTls = await startTlsFront(githubPort, certificate);
      try {
        await test({ services, proxy, omniTls, githubTls, omniPort, githubPort });
      } finally {
        await Promise.all([proxy.close(), omniTls.close(), githubTls.close()]);
      }
    },
    { github: { prefix: Prefix } },
  );
}

/** A pull-request run with these URLs and environment; returns the run and what each side saw. */
async function runVia(net: Network, omniUrl: string, env: Record<string, string>, options: { trust?: boolean } = {}) {
  const trust: Record<string, string> = options.trust === false ? {} : { NODE_EXTRA_CA_CERTS: certificate.certFile };
  const place = await workspace(net.services.github, { name: 'pull_request', number: 41 }, { ...trust, ...env });
  const run = await runStep(place, await inputs(net.services.emulator, { omniUrl }));
  return { run, place };
}

function expectCompleteWithComment(net: Network, run: Awaited<ReturnType<typeof runStep>>): void {
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  expect(run.outputs.state).toBe('COMPLETE');
  expect(net.services.github.commentsOn(41, 'acme', 'models')).toHaveLength(1);
  expect(net.services.github.requests.every((request) => request.path.startsWith(`${Prefix}/`))).toBe(true);
}

describe.concurrent('through a proxy', () => {
  it('HTTPS_PROXY: Omni and GitHub (Enterprise, /api/v3) over https://, both through CONNECT tunnels', () =>
    withNetwork(async (net) => {
      const { run } = await runVia(net, `https://${OmniName}:${net.omniTls.port}`, {
        HTTPS_PROXY: net.proxy.url,
        GITHUB_API_URL: `https://${GithubName}:${net.githubTls.port}${Prefix}`,
      });
      expectCompleteWithComment(net, run);
      expect(net.proxy.targets().sort()).toEqual([`${GithubName}:${net.githubTls.port}`, `${OmniName}:${net.omniTls.port}`].sort());
      expect(net.proxy.records.every((record) => record.method === 'CONNECT' && record.status === 200)).toBe(true);
      // Every Omni request arrived, though the runner could not even resolve the name.
      expect(net.services.emulator.requestsTo('createJob')).toHaveLength(1);
      expect(net.services.emulator.requestsTo('getResult')).toHaveLength(1);
    }),
    testBudget(1, PollMs),
  );

  it('http_proxy (lower case): plain http:// to Omni on loopback and to GitHub, forwarded or tunnelled', () =>
    withNetwork(async (net) => {
      const { run } = await runVia(net, net.services.emulator.url, {
        http_proxy: net.proxy.url,
        GITHUB_API_URL: `http://${GithubName}:${net.githubPort}${Prefix}`,
      });
      expectCompleteWithComment(net, run);
      expect(net.proxy.targets().sort()).toEqual([`127.0.0.1:${net.omniPort}`, `${GithubName}:${net.githubPort}`].sort());
      // Omni's client (the toolkit's undici) tunnels plain http as it does https: CONNECTs only.
      const omniThroughProxy = net.proxy.records.filter((record) => record.host === '127.0.0.1');
      expect(omniThroughProxy.length).toBeGreaterThan(0);
      expect(omniThroughProxy.every((record) => record.method === 'CONNECT' && record.port === net.omniPort)).toBe(true);
    }),
    testBudget(1, PollMs),
  );

  it('NO_PROXY: the host it names is reached directly, the other still through the proxy', () =>
    withNetwork(async (net) => {
      const { run } = await runVia(net, `https://localhost:${net.omniTls.port}`, {
        HTTPS_PROXY: net.proxy.url,
        NO_PROXY: `localhost,.example.invalid`,
        GITHUB_API_URL: `https://${GithubName}:${net.githubTls.port}${Prefix}`,
      });
      expectCompleteWithComment(net, run);
      expect(net.proxy.targets()).toEqual([`${GithubName}:${net.githubTls.port}`]);
      expect(net.services.emulator.requestsTo('createJob')).toHaveLength(1);
    }),
    testBudget(1, PollMs),
  );

  it('a proxy that needs credentials: given in HTTPS_PROXY they are sent, and never shown', () =>
    withNetwork(
      async (net) => {
        const withCredentials = net.proxy.url.replace('http://', 'http://runner:p%40ss-Proxy-0042@');
        const { run } = await runVia(net, `https://${OmniName}:${net.omniTls.port}`, {
          HTTPS_PROXY: withCredentials,
          GITHUB_API_URL: `https://${GithubName}:${net.githubTls.port}${Prefix}`,
        });
        expectCompleteWithComment(net, run);
        const basic = `Basic ${Buffer.from('runner:p@ss-Proxy-0042').toString('base64')}`;
        expect(net.proxy.records.every((record) => record.proxyAuthorization === basic)).toBe(true);
        expect(visibleLog(run) + run.summary).not.toContain('Proxy-0042');
      },
      { credentials: { username: 'runner', password: 'p@ss-Proxy-0042' } },
    ),
    testBudget(1, PollMs),
  );

  it('wrong proxy credentials: one try, a message pointing at the proxy settings, no password shown', () =>
    withNetwork(
      async (net) => {
        const wrong = net.proxy.url.replace('http://', 'http://runner:Wrong-Secret-0042@');
        const { run } = await runVia(net, `https://${OmniName}:${net.omniTls.port}`, { HTTPS_PROXY: wrong });
        expect(run.exitCode).toBe(1);
        expect(visibleLog(run)).toMatch(
          /^::error::The proxy refused the connection to Omni at https:\/\/omni\.proxy\.test:\d+\/api \(the proxy answered 407\)\. Check the proxy credentials in HTTPS_PROXY \/ HTTP_PROXY, or list the Omni host in NO_PROXY\.$/m,
        );
        expect(run.stdout + run.stderr + run.summary).not.toContain('Wrong-Secret-0042');
        // Nothing reached Omni, so nothing can have been created: no retry storm against the proxy.
        expect(net.proxy.records.map((record) => record.status)).toEqual([407]);
        expect(net.services.emulator.requests).toHaveLength(0);
      },
      { credentials: { username: 'runner', password: 'right' } },
    ),
    testBudget(1),
  );

  it('a certificate Node does not trust (a TLS-inspecting proxy without NODE_EXTRA_CA_CERTS): one try, says what to set', () =>
    withNetwork(async (net) => {
      const { run } = await runVia(net, `https://${OmniName}:${net.omniTls.port}`, { HTTPS_PROXY: net.proxy.url }, { trust: false });
      expect(run.exitCode).toBe(1);
      expect(visibleLog(run)).toMatch(
        /^::error::Could not make a trusted TLS connection to Omni at https:\/\/omni\.proxy\.test:\d+\/api \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. Check omniUrl; behind a proxy that inspects TLS, give Node its CA certificate with NODE_EXTRA_CA_CERTS\.$/m,
      );
      expect(net.proxy.records).toHaveLength(1);
      expect(net.services.emulator.requests).toHaveLength(0);
    }),
    testBudget(1),
  );

  it('the post step cancels a job left running, through the proxy too', () =>
    withNetwork(async (net) => {
      net.services.emulator.script({ stuckIn: 'EXECUTING' });
      const env = { HTTPS_PROXY: net.proxy.url, NODE_EXTRA_CA_CERTS: certificate.certFile };
      const place = await workspace(net.services.github, { name: 'schedule' }, env);
      const given = await inputs(net.services.emulator, { omniUrl: `https://${OmniName}:${net.omniTls.port}` });
      const step = startStep(place, given);
      await step.waitForOutput(/^EXECUTING/m);
      step.child.kill('SIGKILL');
      await step.done;
      const tunnelsBefore = net.proxy.records.length;
      const post = await runPostStep(place, given);
      expect(post.exitCode).toBe(0);
      expect(post.stdout).toMatch(/was still EXECUTING; cancel requested/);
      expect(net.proxy.records.length).toBeGreaterThan(tunnelsBefore);
      expect(net.services.emulator.jobs()[0]!.cancelRequested).toBe(true);
    }),
    testBudget(2, PollMs),
  );
});

