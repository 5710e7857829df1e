/**
 * GitHub's local runner for actions, @github/local-action, runs the action's sources with its own
 * stand-ins for @actions/core and @actions/github: as a contributor would, with .env.example's
 * settings pointed at the emulator. The run must reach its end: the tool prints the outputs table
 * after `run()` returns, and runs the post step after that.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorServer } from '../emulator/index.js';

const Root = resolve(import.meta.dirname, '../..');
const LocalAction = join(Root, 'node_modules/@github/local-action/bin/local-action.js');
/** The entries the tool calls: main's run(), and the post step's. */
const MainEntry = 'src/main.ts';
const PostEntry = 'src/modes/post.ts';

let emulator: EmulatorServer;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), 'local-action-'));
});

afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

/** .env.example with the emulator's address and this test's folders in place of the sandbox's. */
function envFile(): string {
  const example = readFileSync(join(Root, '.env.example'), 'utf8');
  const settings: Record<string, string> = {
    INPUT_OMNIURL: emulator.url,
    RUNNER_TEMP: join(dir, 'runner'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  };
  const text = example.replace(/^([A-Z_]+)=.*$/gm, (line, name: string) => (name in settings ? `${name}=${settings[name]}` : line));
  const path = join(dir, '.env');
  writeFileSync(path, text);
  return path;
}

function runLocalAction(args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((done, fail) => {
    // The tool starts `npm exec tsx …`; npm must not take this test's npm_* settings for its own.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|INPUT_|GITHUB_|RUNNER_)/i.test(name)));
    const child = spawn(process.execPath, [LocalAction, ...args], { cwd: Root, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, output }));
  });
}

/** The tool prints outputs as console.table rows: │ 2 │ 'state' │ 'COMPLETE' │ */
function outputsTable(output: string): Record<string, string> {
  const section = output.split(/Action Outputs/)[1] ?? '';
  const rows: Record<string, string> = {};
  for (const match of section.matchAll(/│\s*\d+\s*│\s*'([^']+)'\s*│\s*'([^']*)'/g)) rows[match[1]!] = match[2]!;
  return rows;
}

/**
 * Waits for the entry to end the process only in src/index.ts and for the post step's entry
 * (src/modes/post.ts, exporting run()); until then the tool cannot reach its outputs table.
 */
const PostEntryExists = existsSync(join(Root, PostEntry));

describe('@github/local-action', () => {
  it.skipIf(!PostEntryExists)(
    `runs the action against the emulator to its end, prints the outputs table, then runs the post step${PostEntryExists ? '' : ` (waits for ${PostEntry} exporting run(), and process.exit in src/index.ts only)`}`,
    async () => {
      const { status, output } = await runLocalAction(['run', Root, MainEntry, envFile(), '--post', PostEntry]);
      expect(output, output).toContain('Action Outputs');
      const outputs = outputsTable(output);
      expect(outputs.state, output).toBe('COMPLETE');
      expect(outputs.jobId).toMatch(/^[0-9a-f-]{36}$/);
      expect(emulator.job(outputs.jobId!)?.state).toBe('COMPLETE');
      expect(emulator.requestsTo('createJob')).toHaveLength(1);
      // The post step ran after the outputs were set, and had nothing to cancel: the job had finished.
      expect(output).toContain('Running Post Step');
      expect(emulator.requestsTo('cancelJob')).toHaveLength(0);
      expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('COMPLETE');
      expect(status).toBe(0);
    },
    // A hang guard only: the tool compiles the sources with tsx on each run.
    180_000,
  );
});
