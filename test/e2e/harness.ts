import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PollIntervalMinMs } from '../../src/job/state.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const distEntry = join(root, 'dist', 'index.js');

/** INPUT_* as the runner sets them: every input of action.yml, its default unless given. */
export async function actionInputs(given: Record<string, string>): Promise<Record<string, string>> {
  const action = parse(await readFile(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const env: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) {
    const value = given[name] ?? input.default ?? '';
    // The runner evaluates ${{ github.token }}; the test passes its own.
    env[`INPUT_${name.toUpperCase()}`] = value.includes('${{') ? '' : value;
  }
  for (const name of Object.keys(given)) {
    if (!(name in action.inputs)) throw new Error(`action.yml has no input '${name}'`);
  }
  return env;
}

/**
 * Wall time allowed per run of dist/index.js beyond the waits the action itself makes: starting
 * Node and the 4 MB bundle, its loopback requests, writing its files. Well under a second alone;
 * more than 10 s was seen at a load of 14 on 2 cores. It bounds a hang, not the action's speed
 * (assertions do that).
 */
export const StepAllowanceMs = 30_000;
/** One status poll of the action: 2.0–2.1 s (Omni's guidance; src/job/state.ts). */
export const PollMs = PollIntervalMinMs + 100;

/**
 * A test's time budget: `steps` runs of dist/index.js plus `waitsMs`, the waits the action makes
 * in that test (status polls, grace periods, answers the test delays). It grows with what the
 * test waits for, instead of one fixed timeout for a single run and for six.
 */
export function testBudget(steps: number, waitsMs = 0): number {
  return steps * StepAllowanceMs + waitsMs;
}

export interface StepRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** Wall time from spawn to exit, ms. */
  durationMs: number;
}

export interface RunnerWorkspace {
  dir: string;
  eventPath: string;
  env: Record<string, string>;
}

export type GithubEvent =
  | { name: 'pull_request'; number: number; headRef?: string; fork?: boolean }
  | { name: 'schedule' | 'workflow_dispatch' | 'push' };

/** A runner-like environment: files for outputs, state and summary, an event payload, GitHub URLs. */
export async function runnerWorkspace(options: { event: GithubEvent; githubApiUrl: string; extraEnv?: Record<string, string> }): Promise<RunnerWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'omni-ai-job-e2e-'));
  const eventPath = join(dir, 'event.json');
  const { event } = options;
  const payload =
    event.name === 'pull_request'
      ? {
          action: 'synchronize',
          number: event.number,
          pull_request: {
            number: event.number,
            head: { ref: event.headRef ?? 'feature/net-revenue', repo: { full_name: event.fork ? 'someone/fork' : 'acme/models', fork: !!event.fork } },
            base: { ref: 'main', repo: { full_name: 'acme/models' } },
          },
          repository: { name: 'models', owner: { login: 'acme' }, full_name: 'acme/models' },
        }
      : { repository: { name: 'models', owner: { login: 'acme' }, full_name: 'acme/models' } };
  await writeFile(eventPath, JSON.stringify(payload));
  await mkdir(join(dir, 'temp'), { recursive: true });
  for (const file of ['output', 'state', 'summary']) await writeFile(join(dir, file), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_SERVER_URL: 'https://github.example.com',
    GITHUB_API_URL: options.githubApiUrl,
    GITHUB_GRAPHQL_URL: `${options.githubApiUrl}/graphql`,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'Model review',
    GITHUB_JOB: 'ask-omni',
    GITHUB_ACTION: '__omni-ai-job',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: event.name === 'pull_request' ? `refs/pull/${event.number}/merge` : 'refs/heads/main',
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    RUNNER_TEMP: join(dir, 'temp'),
    RUNNER_OS: 'Linux',
    ...options.extraEnv,
  };
  return { dir, eventPath, env };
}

export interface StartedStep {
  child: ChildProcess;
  /** Resolves with everything once the process exits. */
  done: Promise<StepRun>;
  /**
   * Resolves when stdout first matches; rejects, with what the step printed, if it exits first.
   * No deadline of its own: the test's budget bounds it (see `testBudget`).
   */
  waitForOutput(pattern: RegExp): Promise<void>;
  /** Resolves once `probe()` holds (checked every 10 ms); rejects if the step exits first. */
  waitUntil(probe: () => boolean, what: string): Promise<void>;
}

/** Steps still running: killed if the test process exits, so a failed test leaves none behind. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** What a step printed, without the ::add-mask:: lines (their values look like secrets). */
function shown(stdout: string, stderr: string): string {
  const lines = stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
  return `${lines.join('\n')}${stderr ? `\nstderr:\n${stderr}` : ''}`;
}

/** Starts dist/index.js as the runner does (main when no state says otherwise). */
export function startStep(workspace: RunnerWorkspace, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): StartedStep {
  const started = Date.now();
  const child = spawn(process.execPath, [distEntry], {
    env: { ...workspace.env, ...inputs, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  let exited = false;
  const watchers = new Set<{ check: () => void }>();
  const notify = () => {
    for (const watcher of [...watchers]) watcher.check();
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<StepRun>((resolveRun, reject) => {
    child.on('error', (error) => {
      running.delete(child);
      exited = true;
      notify();
      reject(error);
    });
    child.on('close', async (exitCode, signal) => {
      running.delete(child);
      exited = true;
      notify();
      try {
        resolveRun({
          exitCode,
          signal,
          stdout,
          stderr,
          durationMs: Date.now() - started,
          outputs: parseCommandFile(await readFile(workspace.env.GITHUB_OUTPUT!, 'utf8')),
          state: parseCommandFile(await readFile(workspace.env.GITHUB_STATE!, 'utf8')),
          summary: await readFile(workspace.env.GITHUB_STEP_SUMMARY!, 'utf8'),
        });
      } catch (error) {
        reject(error);
      }
    });
  });
  /** Settles once `holds()` is true, or fails once the step has exited without it. */
  const watch = (holds: () => boolean, what: string, poll: boolean) =>
    new Promise<void>((resolveWait, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const watcher = {
        check: () => {
          if (holds()) {
            finish();
            resolveWait();
          } else if (exited) {
            finish();
            reject(new Error(`the step exited (code ${child.exitCode ?? child.signalCode}) before ${what}; it printed:\n${shown(stdout, stderr)}`));
          }
        },
      };
      const finish = () => {
        watchers.delete(watcher);
        if (timer) clearInterval(timer);
      };
      watchers.add(watcher);
      if (poll) timer = setInterval(watcher.check, 10);
      watcher.check();
    });
  return {
    child,
    done,
    waitForOutput: (pattern) => watch(() => pattern.test(stdout), `printing ${pattern}`, false),
    waitUntil: (probe, what) => watch(probe, what, true),
  };
}

export function runStep(workspace: RunnerWorkspace, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<StepRun> {
  return startStep(workspace, inputs, extraEnv).done;
}

/** The post step: same entry, with the state main saved exposed as STATE_* variables. */
export async function runPostStep(workspace: RunnerWorkspace, inputs: Record<string, string>): Promise<StepRun> {
  const state = parseCommandFile(await readFile(workspace.env.GITHUB_STATE!, 'utf8'));
  const stateEnv = Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]));
  // The post step writes to files of its own.
  const post: RunnerWorkspace = { ...workspace, env: { ...workspace.env } };
  for (const file of ['output', 'state', 'summary']) {
    const path = join(workspace.dir, `post-${file}`);
    await writeFile(path, '');
    post.env[file === 'output' ? 'GITHUB_OUTPUT' : file === 'state' ? 'GITHUB_STATE' : 'GITHUB_STEP_SUMMARY'] = path;
  }
  return runStep(post, inputs, stateEnv);
}

/** Reads the runner's `name<<delimiter` file format (GITHUB_OUTPUT, GITHUB_STATE). */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      for (index++; index < lines.length && lines[index] !== delimiter; index++) body.push(lines[index]!);
      values[name!] = body.join('\n');
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}
