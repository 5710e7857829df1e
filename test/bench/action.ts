/**
 * Runs dist/index.js the way the runner does (the e2e harness's workspace and inputs) and times it
 * with the clock the in-process emulator stamps its records with (performance.now()), so spawn,
 * requests, state changes and exit are comparable to the millisecond.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { actionInputs, distEntry, parseCommandFile, runnerWorkspace, type GithubEvent, type RunnerWorkspace } from '../e2e/harness.js';
import type { Services } from '../support/services.js';

export const GithubToken = 'ghs_benchTokenValue0123456789';
const TimeBinary = '/usr/bin/time';

export { startServices, type Services } from '../support/services.js';

export interface ActionRun {
  /** performance.now() just before spawn and at the child's exit. */
  spawnedAt: number;
  exitedAt: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Peak resident set size of the action's process (KiB), when asked for. */
  peakRssKiB?: number;
  workspace: RunnerWorkspace;
}

export interface RunOptions {
  event?: GithubEvent;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  measureRss?: boolean;
  /** The script to run instead of the bundle under test (e.g. the cold-start floor). */
  entry?: string;
  /** Called with the child as soon as it is spawned (e.g. to kill it early). */
  onSpawn?: (kill: () => void) => void;
  /** Writes files into the workspace before the run; returns inputs that name them. */
  prepare?: (workspace: RunnerWorkspace) => Promise<Record<string, string>>;
}

let entry = distEntry;

/** The bundle under test: dist/index.js, or another build's entry to compare (`--dist`). */
export function actionEntry(): string {
  return entry;
}

export function useActionEntry(file: string): void {
  entry = resolve(file);
}

export function assertDistBuilt(): void {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run 'npm run build' first`);
}

/** One step run against `services`; resolves when the process has exited. */
export async function runAction(services: Services, options: RunOptions = {}): Promise<ActionRun> {
  const { emulator, github } = services;
  const workspace = await runnerWorkspace({ event: options.event ?? { name: 'pull_request', number: 7 }, githubApiUrl: github.apiUrl });
  const inputs = await actionInputs({
    omniUrl: emulator.url,
    apiKey: emulator.keys.org,
    modelId: emulator.ids.modelId,
    githubToken: GithubToken,
    prompt: 'top 5 products by revenue',
    ...options.inputs,
    ...(await options.prepare?.(workspace)),
  });
  const env = { ...workspace.env, ...inputs, ...options.env };
  const rssFile = join(workspace.dir, 'peak-rss');
  const useTime = options.measureRss === true && existsSync(TimeBinary);
  const script = options.entry ?? entry;
  const [command, args] = useTime
    ? [TimeBinary, ['-f', '%M', '-o', rssFile, process.execPath, script]]
    : [process.execPath, [script]];

  const spawnedAt = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let polledPeakKiB = 0;
  const poller = options.measureRss && !useTime ? setInterval(() => (polledPeakKiB = Math.max(polledPeakKiB, highWaterMarkKiB(child.pid))), 5) : undefined;
  options.onSpawn?.(() => child.kill('SIGKILL'));

  const { exitCode, exitedAt } = await new Promise<{ exitCode: number | null; exitedAt: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve({ exitCode: code, exitedAt: performance.now() }));
  });
  if (poller) clearInterval(poller);
  await new Promise<void>((resolve) => (child.stdout.readableEnded ? resolve() : child.stdout.on('close', resolve)));

  const run: ActionRun = {
    spawnedAt,
    exitedAt,
    exitCode,
    stdout,
    stderr,
    outputs: parseCommandFile(await readFile(workspace.env.GITHUB_OUTPUT!, 'utf8')),
    summary: await readFile(workspace.env.GITHUB_STEP_SUMMARY!, 'utf8'),
    workspace,
  };
  if (useTime) run.peakRssKiB = Number((await readFile(rssFile, 'utf8')).trim().split('\n').pop());
  else if (options.measureRss) run.peakRssKiB = polledPeakKiB;
  return run;
}

/** VmHWM of a running process (KiB), 0 once it is gone. */
function highWaterMarkKiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Removes a run's workspace (result files can be tens of megabytes). */
export async function discard(run: ActionRun): Promise<void> {
  await rm(run.workspace.dir, { recursive: true, force: true });
}

/** Bare Node on the same machine: spawn to exit of `node -e 0`. */
export async function bareNodeMs(): Promise<number> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - spawnedAt));
  });
}
