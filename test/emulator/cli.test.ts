import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SampleRoutines } from './fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

function sandbox(...args: string[]): { proc: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, [tsx, 'test/emulator/cli.ts', ...args], { cwd: root, env: { ...process.env, OMNI_EMULATOR_PORT: '', PORT: '' } });
  child = proc;
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('npm run sandbox', () => {
  it('prints the omniUrl, keys and ids, serves the API, and stops cleanly on Ctrl-C', async () => {
    const run = sandbox('--port', '0', '--fast');
    await until(() => run.output().includes('Press Ctrl-C to stop'), 'the banner');
    const out = run.output();
    const url = /omniUrl\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const orgKey = /apiKey \(org key\)\s+(\S+)/.exec(out)?.[1];
    expect(url).toBeDefined();
    expect(out).toMatch(/apiKey \(personal\)\s+omni_pat_/);
    expect(out).toMatch(/branchId\s+[0-9a-f-]{36}\s+\(branchName: feature\/net-revenue\)/);
    expect(out).toContain('order_items | customers');

    const res = await fetch(`${url}/api/v1/models?modelKind=SHARED`, { headers: { authorization: `Bearer ${orgKey}` } });
    expect(res.status).toBe(200);
    for (const routine of SampleRoutines) expect(out).toContain(`${routine.id}   "${routine.name}"`);
    expect(out).toMatch(/"Monthly customer count" {2}0 7 1 \* \? \* \(UTC\), e-mail, 2 recipients, paused/);
    const routines = await fetch(`${url}/api/v1/ai/routines`, { headers: { authorization: `Bearer ${orgKey}` } });
    expect(((await routines.json()) as { records: { id: string }[] }).records.map((r) => r.id)).toEqual(
      SampleRoutines.map((r) => r.id).reverse(),
    );
    await until(() => run.output().includes('GET /api/v1/models?modelKind=SHARED → 200 (org key)'), 'the request log line');

    run.proc.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('SIGINT: stopping the emulator');
  });

  it('fails with a one-line message for a bad option', async () => {
    const run = sandbox('--port', 'eighty');
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('sandbox: --port must be a port number (0-65535), got "eighty"');
  });
});
