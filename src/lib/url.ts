/** Omni instance and GitHub run URLs. */

const LoopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LoopbackHosts.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * `https://acme.omniapp.co`, `https://acme.omniapp.co/`, `https://acme.omniapp.co/api` all name the
 * same API base: `https://acme.omniapp.co/api`. Returns an error text instead of throwing.
 */
export function normalizeOmniUrl(raw: string): { apiBase: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { error: 'is not a URL (expected e.g. https://acme.omniapp.co)' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { error: `must use https:// (got ${url.protocol}//)` };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { error: 'must use https:// (http:// is only accepted for loopback hosts such as localhost)' };
  }
  if (url.username || url.password) return { error: 'must not contain credentials; use the apiKey input' };
  if (url.search || url.hash) return { error: 'must not contain a query or fragment' };
  const path = url.pathname.replace(/\/+$/, '');
  const apiPath = path.endsWith('/api') ? path : `${path}/api`;
  return { apiBase: `${url.origin}${apiPath}` };
}

export interface RunCoordinates {
  serverUrl?: string | undefined;
  repository?: string | undefined;
  runId?: string | undefined;
  runAttempt?: string | undefined;
}

export function runUrl({ serverUrl, repository, runId, runAttempt }: RunCoordinates): string | undefined {
  if (!serverUrl || !repository || !runId) return undefined;
  const attempt = runAttempt && runAttempt !== '1' ? `/attempts/${runAttempt}` : '';
  return `${serverUrl.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}${attempt}`;
}
