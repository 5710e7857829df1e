import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

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
  /** Resolves when stdout first matches. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/** Starts dist/index.js as the runner does (main when no state says otherwise). */
export function startStep(workspace: RunnerWorkspace, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): StartedStep {
  const started = Date.now();
  const child = spawn(process.execPath, [distEntry], {
    env: { ...workspace.env, ...inputs, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const watcher of [...watchers]) {
      if (watcher.pattern.test(stdout)) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<StepRun>((resolveRun, reject) => {
    child.on('error', reject);
    child.on('close', async (exitCode, signal) => {
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
    });
  });
  return {
    child,
    done,
    waitForOutput: (pattern, timeoutMs = 15_000) =>
      new Promise<void>((resolveWait, reject) => {
        if (pattern.test(stdout)) return resolveWait();
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern} in:\n${stdout}`)), timeoutMs);
        watchers.push({ pattern, resolve: () => (clearTimeout(timer), resolveWait()) });
      }),
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
