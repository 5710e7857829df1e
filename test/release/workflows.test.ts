/**
 * Every workflow users copy or CI runs is valid by GitHub's workflow schema (checked with
 * @action-validator/cli, as `npx action-validator <file>` runs it), and action.yml is a Node 24
 * action whose inputs and outputs are exactly the names the code reads and writes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Inputs, Outputs } from '../../src/action/constants.js';
import { BranchName, Ids, Keys } from '../emulator/fixtures.js';

const Root = resolve(import.meta.dirname, '../..');
const Cli = join(Root, 'node_modules/@action-validator/cli/cli.mjs');

const workflowFiles = ['.github/workflows', 'examples/workflows'].flatMap((dir) =>
  readdirSync(join(Root, dir))
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => `${dir}/${file}`),
);

/** The validator's verdict: exit status and what it printed (JSON errors on failure). */
function validate(path: string): { status: number; output: string } {
  try {
    const output = execFileSync(process.execPath, [Cli, path], { cwd: Root, encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, output };
  } catch (error) {
    const failure = error as { status: number; stdout: string; stderr: string };
    return { status: failure.status, output: `${failure.stdout}${failure.stderr}` };
  }
}

function inTempDir<T>(name: string, text: string, use: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'action-validator-'));
  try {
    writeFileSync(join(dir, name), text);
    return use(join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('workflows', () => {
  it('include CI, the release and every example', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/release.yml', 'examples/workflows/pr-review.yml']));
  });

  it.each(workflowFiles)('%s passes the workflow schema', (file) => {
    const verdict = validate(file);
    expect(verdict.output, verdict.output).not.toMatch(/"errors"/);
    expect(verdict.status).toBe(0);
  });

  it('the validator refuses a broken workflow (so a pass means something)', () => {
    const broken = 'name: x\non: push\njobs:\n  build:\n    steps:\n      - run: echo hi\n';
    const verdict = inTempDir('broken.yml', broken, validate);
    expect(verdict.status).toBe(1);
    expect(verdict.output).toContain('/jobs/build/runs-on');
  });

  const action = parse(readFileSync(join(Root, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
  it.each(workflowFiles)('%s gives `uses: ./` only inputs action.yml declares', (file) => {
    const workflow = parse(readFileSync(join(Root, file), 'utf8')) as { jobs: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }> };
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
    for (const step of steps.filter((s) => s.uses === './' || s.uses?.startsWith('acme/omni-ai-job@'))) {
      for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs), `${file}: ${input}`).toContain(input);
    }
  });
});

// CI and .env.example talk to the sandbox with its fixed key and ids; they must be the sandbox's.
describe("the sandbox's values where CI and .env.example use them", () => {
  it('ci.yml', () => {
    const ci = parse(readFileSync(join(Root, '.github/workflows/ci.yml'), 'utf8')) as { jobs: Record<string, { env?: Record<string, string>; steps: { with?: Record<string, string> }[] }> };
    for (const name of ['uses-action', 'proxy']) {
      expect(ci.jobs[name]?.env).toMatchObject({ OMNI_URL: 'http://127.0.0.1:8787', OMNI_API_KEY: Keys.org, MODEL_ID: Ids.modelId });
    }
    const branches = ci.jobs['uses-action']!.steps.flatMap((step) => (step.with?.branchName ? [step.with.branchName] : []));
    expect(branches).toEqual([BranchName]);
    expect(readFileSync(join(Root, '.github/omni/prompts.yml'), 'utf8')).toContain(`modelId: ${Ids.modelId}`);
  });

  it('.env.example', () => {
    const example = readFileSync(join(Root, '.env.example'), 'utf8');
    const settings = Object.fromEntries([...example.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(settings).toMatchObject({ INPUT_OMNIURL: 'http://127.0.0.1:8787', INPUT_APIKEY: Keys.org, INPUT_MODELID: Ids.modelId });
    // Every input it sets, or suggests in a comment, is one the action has.
    const names = [...example.matchAll(/^(?:# )?(INPUT_[A-Z_]+)=/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(4);
    const inputs = Object.values(Inputs).map((input) => `INPUT_${input.toUpperCase()}`);
    for (const name of names) expect(inputs).toContain(name);
  });
});

interface ActionYml {
  name: string;
  description: string;
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; post?: string };
}

describe('action.yml', () => {
  const text = readFileSync(join(Root, 'action.yml'), 'utf8');
  const action = parse(text) as ActionYml;

  it('runs on Node 24, from files that exist', () => {
    expect(action.runs.using).toBe('node24');
    expect(existsSync(join(Root, action.runs.main)), action.runs.main).toBe(true);
    expect(action.runs.post, 'a post step cancels what the main step left running').toBeDefined();
    expect(existsSync(join(Root, action.runs.post!)), action.runs.post).toBe(true);
  });

  // The validator's schema predates node24; with that one value swapped for one it knows, it
  // checks everything else (keys, branding icon and colour, input and output shapes).
  it('passes the action schema in every other respect', () => {
    expect(text.match(/^ {2}using: node24$/m)).not.toBeNull();
    const verdict = inTempDir('action.yml', text.replace(/^ {2}using: node24$/m, '  using: node20'), validate);
    expect(verdict.output, verdict.output).not.toMatch(/"errors"/);
    expect(verdict.status).toBe(0);
  });

  it('declares exactly the inputs and outputs the code uses, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort());
    const undescribed = [...Object.entries(action.inputs), ...Object.entries(action.outputs)].filter(([, spec]) => !spec.description?.trim()).map(([name]) => name);
    expect(undescribed).toEqual([]);
  });

  it('gives every optional input a default, as a string the runner passes through unchanged', () => {
    for (const [name, spec] of Object.entries(action.inputs)) {
      if (spec.required) continue;
      expect(typeof spec.default, `${name}'s default`).toBe('string');
    }
  });
});
