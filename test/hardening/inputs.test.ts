/**
 * Any string in any input gives either valid settings or one clean line naming an input: never a
 * crash, a stack trace, a multi-line message, or a long echo of what was typed (a secret pasted
 * into the wrong input must not be shown, not even its first characters). Then a handful of
 * fuzzed inputs through dist/index.js, as the runner would see them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Inputs, type InputName } from '../../src/action/constants.js';
import { parseSettings, SettingsError, type RawInputs } from '../../src/action/input-helper.js';
import type { Settings } from '../../src/action/settings.js';
import { inputs, runStep, testBudget, withServices, workspace } from './support/e2e.js';

const Valid: RawInputs = {
  prompt: 'top 5 products by revenue',
  modelId: '7f1c2e3d-4b5a-4697-8879-6a5b4c3d2e1f',
  omniUrl: 'https://acme.omniapp.co',
  apiKey: 'omni_key_123',
};
const Names = Object.values(Inputs) as InputName[];

/** Strings that come close to valid ones as well as any text at all, junk and line breaks included. */
const anyText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom('\n', '\r', '\u2028', '\u0085', '\u001b', '\u0000', ' ', '\t', ':', '%', '{', '"', 'a', '1', '-', '/'), maxLength: 40 }),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.uuid().chain((id) => fc.string({ maxLength: 3 }).map((noise) => `${id}${noise}`)),
  fc.integer({ min: -100, max: 100_000_000 }).map(String),
  fc.double().map(String),
  fc.constantFrom('true', 'false', 'TRUE', 'yes', '0', 'run', 'merge', 'shared', '2/4', '0/0', '5/2', 'COMPLETE,FAILED', 'failed timeout', 'PENDING'),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom('http://localhost:8787', 'http://127.0.0.1/api/', 'http://[::1]:1', 'http://10.0.0.1', 'https://u:p@x.example', 'javascript:alert(1)', 'file:///etc/passwd'),
  fc.json(),
  fc.string({ minLength: 41, maxLength: 300 }),
);

/** The property: settings, or a SettingsError with one clean line that names an input. */
function check(raw: RawInputs, fuzzed: Partial<Record<InputName, string>>): Settings | SettingsError {
  let settings: Settings;
  try {
    settings = parseSettings(raw, {});
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    const problem = error as SettingsError;
    expect(Names).toContain(problem.input);
    expect(problem.message.startsWith(`Input '${problem.input}' `)).toBe(true);
    // One line, and nothing a terminal or the runner would act on.
    // eslint-disable-next-line no-control-regex
    expect(problem.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(problem.message.length).toBeLessThanOrEqual(300);
    for (const value of Object.values(fuzzed)) {
      const text = value?.trim() ?? '';
      // A long value (one word, as keys and tokens are) is never half-shown: its start does not appear.
      if (text.length > 40 && !/[\s,]/.test(text)) expect(problem.message).not.toContain(text.slice(0, 20));
    }
    return problem;
  }
  // mode: merge asks nothing of Omni, so its settings carry neither the connection nor a timeout.
  if (settings.mode === 'merge') {
    expect(settings.reports).not.toBe('');
    return settings;
  }
  expect(settings.omniApiBase).toMatch(/^https?:\/\/.+\/api$/);
  expect(settings.timeoutSeconds).toBeGreaterThanOrEqual(1);
  expect(Number.isInteger(settings.requestsPerMinute) && settings.requestsPerMinute >= 1).toBe(true);
  if (settings.mode === 'single') expect(settings.modelId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return settings;
}

describe('every input, any string (property)', () => {
  it.each(Names)('%s', (name) => {
    fc.assert(
      fc.property(anyText, (value) => {
        check({ ...Valid, [name]: value }, { [name]: value });
      }),
      { numRuns: 300 },
    );
  });

  it('all inputs at once, any strings', () => {
    const anyInputs = fc.record(Object.fromEntries(Names.map((name) => [name, anyText])) as Record<InputName, fc.Arbitrary<string>>, { requiredKeys: [] });
    fc.assert(
      fc.property(anyInputs, (raw) => {
        check(raw, raw);
      }),
      { numRuns: 1_000 },
    );
  });

  it('a secret pasted into the wrong input is not shown, not even in part', () => {
    const secret = 'omni_org_live_7f1c2e3d4b5a46978879SECRET6a5b4c3d2e1f';
    const webhook = { webhookUrl: 'https://hooks.example.com', webhookSigningSecret: 's' };
    for (const name of Names.filter((n) => n !== Inputs.ApiKey && n !== Inputs.WebhookSigningSecret && n !== Inputs.GithubToken)) {
      const result = check({ ...Valid, ...webhook, [name]: secret }, { [name]: secret });
      if (result instanceof SettingsError) expect(result.message).not.toMatch(/omni_|SECRET/);
    }
  });
});

describe.concurrent('fuzzed inputs through dist/index.js', () => {
  const samples = fc.sample(
    fc.tuple(fc.constantFrom<InputName>(Inputs.ModelId, Inputs.TimeoutSeconds, Inputs.OmniUrl, Inputs.WebhookMetadata, Inputs.FailOn, Inputs.Shard), anyText),
    { seed: 20_251_124, numRuns: 200 },
  );
  // Six that fail, each on a different input: the step must fail cleanly on each.
  const failing = new Map<InputName, string>();
  for (const [name, value] of samples) {
    if (failing.has(name)) continue;
    const raw = { ...Valid, [name]: value, ...(name === Inputs.WebhookMetadata ? { webhookUrl: 'https://hooks.example.com', webhookSigningSecret: 's' } : {}) };
    if (name === Inputs.Shard) raw.promptsFile = 'prompts.yml';
    if (name === Inputs.Shard) delete raw.prompt;
    try {
      parseSettings(raw, {});
    } catch {
      failing.set(name, value);
    }
  }

  it.each([...failing])('%s = %j', (name, value) =>
    withServices(async (services) => {
      const extra: Record<string, string> =
        name === Inputs.WebhookMetadata ? { webhookUrl: 'https://hooks.example.com', webhookSigningSecret: 's' } : name === Inputs.Shard ? { promptsFile: 'prompts.yml', prompt: '' } : {};
      const place = await workspace(services.github, { name: 'schedule' });
      const run = await runStep(place, await inputs(services.emulator, { ...extra, [name]: value }));
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toBe('');
      const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^::error::Input '\w+' /);
      expect(run.stdout).not.toMatch(/^\s+at /m);
      expect(services.emulator.requests).toHaveLength(0);
    }),
    testBudget(1),
  );
});
