import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSettings, SettingsError, type RawInputs } from '../../src/action/input-helper.js';
import type { Mode, Settings } from '../../src/action/settings.js';

const valid = {
  prompt: 'top 5 products by revenue',
  modelId: '7F1C2E3D-4B5A-4697-8879-6A5B4C3D2E1F',
  omniUrl: 'https://acme.omniapp.co',
  apiKey: 'omni_key_123',
} satisfies RawInputs;

function fails(raw: RawInputs, env: NodeJS.ProcessEnv = {}): SettingsError {
  try {
    parseSettings(raw, env);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

/** Parses, and fails the test unless the inputs select `mode`. */
function parseAs<M extends Mode>(mode: M, raw: RawInputs, env: NodeJS.ProcessEnv = {}): Extract<Settings, { mode: M }> {
  const settings = parseSettings(raw, env);
  expect(settings.mode).toBe(mode);
  return settings as Extract<Settings, { mode: M }>;
}

describe('parseSettings', () => {
  it('applies the documented defaults and leaves empty optional inputs unset', () => {
    const settings = parseAs('single', { ...valid, branchId: '', topicName: '  ' });
    expect(settings).toMatchObject({
      mode: 'single',
      modelId: '7f1c2e3d-4b5a-4697-8879-6a5b4c3d2e1f',
      omniApiBase: 'https://acme.omniapp.co/api',
      timeoutSeconds: 600,
      comment: true,
      summary: true,
      requestsPerMinute: 60,
    });
    expect([...settings.failOn]).toEqual(['FAILED', 'CANCELLED', 'TIMEOUT']);
    expect(settings).not.toHaveProperty('branchId');
    expect(settings).not.toHaveProperty('topicName');
    expect(settings).not.toHaveProperty('webhook');
  });

  it.each([
    ['https://acme.omniapp.co/', 'https://acme.omniapp.co/api'],
    ['https://acme.omniapp.co/api', 'https://acme.omniapp.co/api'],
    ['https://acme.omniapp.co/api/', 'https://acme.omniapp.co/api'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787/api'],
    ['http://localhost:8787/api', 'http://localhost:8787/api'],
  ])('normalises omniUrl %s', (omniUrl, apiBase) => {
    expect(parseAs('single', { ...valid, omniUrl }).omniApiBase).toBe(apiBase);
  });

  it.each<[RawInputs, string, RegExp]>([
    [{ prompt: '' }, 'prompt', /is required/],
    [{ modelId: 'not-a-uuid' }, 'modelId', /must be a UUID.*not-a-uuid/],
    [{ modelId: '' }, 'modelId', /is required/],
    [{ branchId: '123' }, 'branchId', /UUID/],
    [{ branchId: '7f1c2e3d-4b5a-4697-8879-6a5b4c3d2e1f', branchName: 'feature/x' }, 'branchName', /cannot be combined/],
    [{ omniUrl: 'http://acme.omniapp.co' }, 'omniUrl', /https/],
    [{ omniUrl: 'ftp://acme' }, 'omniUrl', /https/],
    [{ omniUrl: 'acme.omniapp.co' }, 'omniUrl', /not a URL/],
    [{ omniUrl: 'https://user:pw@acme.omniapp.co' }, 'omniUrl', /credentials/],
    [{ apiKey: '' }, 'apiKey', /is required/],
    [{ apiKey: 'two words' }, 'apiKey', /spaces/],
    [{ timeoutSeconds: '0' }, 'timeoutSeconds', /from 1 to 21600/],
    [{ timeoutSeconds: '1.5' }, 'timeoutSeconds', /whole number/],
    [{ timeoutSeconds: 'ten' }, 'timeoutSeconds', /whole number/],
    [{ requestsPerMinute: '0' }, 'requestsPerMinute', /from 1/],
    [{ comment: 'yes' }, 'comment', /true or false/],
    [{ summary: 'nope' }, 'summary', /true or false/],
    [{ failOn: 'FAILED,BROKEN' }, 'failOn', /BROKEN/],
    [{ webhookUrl: 'not a url', webhookSigningSecret: 's' }, 'webhookUrl', /not a URL/],
    [{ webhookUrl: 'https://hooks.example.com/x' }, 'webhookSigningSecret', /required with webhookUrl/],
    [{ webhookSigningSecret: 's' }, 'webhookSigningSecret', /needs webhookUrl/],
    [{ webhookUrl: 'https://h.example.com', webhookSigningSecret: 's', webhookMetadata: '{bad' }, 'webhookMetadata', /not valid JSON/],
    [{ webhookUrl: 'https://h.example.com', webhookSigningSecret: 's', webhookMetadata: '[1]' }, 'webhookMetadata', /JSON object/],
    [{ promptsFile: 'suite.yml' }, 'prompt', /cannot be combined/],
    [{ compareTo: 'main' }, 'compareTo', /'shared'/],
    [{ compareTo: 'shared' }, 'compareTo', /needs branchId or branchName/],
    [{ shard: '5/4' }, 'shard', /2\/4/],
    [{ shard: '1/2' }, 'shard', /only used with promptsFile/],
    [{ reports: 'reports' }, 'reports', /only used with mode: merge/],
    [{ mode: 'merge' }, 'reports', /is required with mode: merge/],
    [{ mode: 'fast' }, 'mode', /'run' or 'merge'/],
    [{ topicName: 'x'.repeat(300) }, 'topicName', /256/],
    [{ commentKey: 'a<b' }, 'commentKey', /may only contain/],
  ])('rejects %o naming the input', (override, input, message) => {
    const error = fails({ ...valid, ...override });
    expect(error.input).toBe(input);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`Input '${input}'`)).toBe(true);
    expect(error.message).not.toContain('\n');
  });

  it('never echoes the API key in an error', () => {
    const error = fails({ ...valid, apiKey: 'secret value with spaces' });
    expect(error.message).not.toContain('secret');
  });

  it('falls back to OMNI_API_KEY', () => {
    expect(parseAs('single', { ...valid, apiKey: '' }, { OMNI_API_KEY: 'from-env' }).apiKey).toBe('from-env');
  });

  it('parses failOn case-insensitively, with spaces or commas, and empty as never', () => {
    expect([...parseAs('single', { ...valid, failOn: 'timeout failed' }).failOn]).toEqual(['TIMEOUT', 'FAILED']);
    expect(parseAs('single', { ...valid, failOn: '' }).failOn.size).toBe(0);
  });

  it('keeps webhook settings together', () => {
    const settings = parseAs('single', { ...valid, webhookUrl: 'https://h.example.com/x', webhookSigningSecret: 'sig', webhookMetadata: '{"ticket":"DATA-1"}' });
    expect(settings.webhook).toEqual({ url: 'https://h.example.com/x', signingSecret: 'sig', metadata: { ticket: 'DATA-1' } });
  });

  it('selects suite and merge modes', () => {
    expect(parseSettings({ ...valid, prompt: '', promptsFile: 'suite.yml', shard: '2/4' })).toMatchObject({ mode: 'suite', shard: { index: 2, total: 4 } });
    expect(parseSettings({ mode: 'merge', reports: 'reports' }).mode).toBe('merge');
  });

  it('derives a comment key from workflow, job, step and question; distinct per question', () => {
    const env = { GITHUB_WORKFLOW: 'Model review', GITHUB_JOB: 'ask', GITHUB_ACTION: '__omni' };
    const a = parseSettings(valid, env).commentKey;
    const b = parseSettings({ ...valid, prompt: 'total revenue' }, env).commentKey;
    expect(a).toMatch(/^Model review\/ask\/__omni#[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(parseSettings(valid, env).commentKey).toBe(a);
    expect(parseSettings({ ...valid, commentKey: 'mine' }, env).commentKey).toBe('mine');
  });

  it('keeps the default comment key of a prompt step as it was before routines', () => {
    const env = { GITHUB_WORKFLOW: 'w', GITHUB_JOB: 'j', GITHUB_ACTION: 'a' };
    const question = ['7f1c2e3d-4b5a-4697-8879-6a5b4c3d2e1f', '', '', '', valid.prompt, ''].join('\n');
    const digest = createHash('sha256').update(question).digest('hex').slice(0, 8);
    expect(parseSettings(valid, env).commentKey).toBe(`w/j/a#${digest}`);
  });
});

describe('parseSettings: shard', () => {
  const suite = { ...valid, prompt: '', promptsFile: 'suite.yml' } satisfies RawInputs;
  const message = (value: string) => `Input 'shard' must look like 2/4 (this leg / number of legs, 1-based, at most 256) (got '${value}')`;

  it('reads this leg / number of legs, counted from 1, around spaces', () => {
    expect(parseAs('suite', { ...suite, shard: '2/4' }).shard).toEqual({ index: 2, total: 4 });
    expect(parseAs('suite', { ...suite, shard: ' 1 / 1 ' }).shard).toEqual({ index: 1, total: 1 });
    expect(parseAs('suite', { ...suite, shard: '256/256' }).shard).toEqual({ index: 256, total: 256 });
    expect(parseAs('suite', { ...suite, shard: ' ' })).not.toHaveProperty('shard');
  });

  it.each(['2of4', '-1/4', '1.5/4', '0/4', '5/4', '1/0', '1/257', '1/1000', '2/4/8'])('rejects %j on one line, naming the input', (value) => {
    const error = fails({ ...suite, shard: value });
    expect(error.input).toBe('shard');
    expect(error.message).toBe(message(value));
  });
});

describe('parseSettings: settings by mode', () => {
  const branchId = '0b1d2c3e-4f50-6172-8394-a5b6c7d8e9f0';
  const conversationId = '11111111-1111-4111-8111-111111111111';

  it('gives a single prompt the fields of one job, and nothing of suites, merges or routines', () => {
    const settings = parseAs('single', { ...valid, conversationId });
    expect(settings).toMatchObject({ prompt: valid.prompt, conversationId });
    for (const field of ['promptsFile', 'shard', 'compareTo', 'reports', 'routinesFile', 'apply']) expect(settings).not.toHaveProperty(field);
  });

  it('runs a single prompt compared with the shared model as a suite whose one case carries the conversation', () => {
    const settings = parseAs('suite', { ...valid, branchId, topicName: 'orders', conversationId, compareTo: 'shared' });
    expect(settings).toMatchObject({ compareTo: 'shared', branchId, topicName: 'orders', promptCase: { prompt: valid.prompt, conversationId } });
    expect(settings).not.toHaveProperty('conversationId');
    expect(settings).not.toHaveProperty('promptsFile');
  });

  it('gives a prompts file its path, and the file its own modelId when the input is empty', () => {
    const settings = parseAs('suite', { ...valid, prompt: '', modelId: '', promptsFile: 'suite.yml' });
    expect(settings).toMatchObject({ promptsFile: 'suite.yml' });
    expect(settings).not.toHaveProperty('modelId');
    expect(settings).not.toHaveProperty('promptCase');
  });

  it('refuses a conversationId beside a prompts file, before any request', () => {
    const error = fails({ ...valid, prompt: '', promptsFile: 'suite.yml', conversationId });
    expect(error.input).toBe('conversationId');
    expect(error.message).toBe("Input 'conversationId' is not used with promptsFile; give conversationId on the cases in the prompts file that continue a conversation");
  });

  it('gives merge only the reports and where to publish them', () => {
    const settings = parseAs('merge', { mode: 'merge', reports: 'reports', githubToken: 'gh', commentKey: 'k' });
    expect(settings).toEqual({ mode: 'merge', reports: 'reports', comment: true, summary: true, commentKey: 'k', githubToken: 'gh' });
  });
});

describe('parseSettings: routines', () => {
  const routines: RawInputs = { omniUrl: valid.omniUrl, apiKey: valid.apiKey, routinesFile: '.github/omni/routines.yml' };

  it('selects routines mode from routinesFile, planning by default', () => {
    const settings = parseAs('routines', routines);
    expect(settings).toEqual({
      mode: 'routines',
      routinesFile: '.github/omni/routines.yml',
      apply: false,
      prune: false,
      preview: 'changed',
      timeoutSeconds: 600,
      omniApiBase: 'https://acme.omniapp.co/api',
      apiKey: valid.apiKey,
      requestsPerMinute: 60,
      comment: true,
      summary: true,
      commentKey: expect.stringMatching(/#[0-9a-f]{8}$/),
    });
  });

  it('reads apply, prune, preview and the optional model, branch and user', () => {
    const userId = '22222222-2222-4222-8222-222222222222';
    const settings = parseAs('routines', { ...routines, apply: 'true', prune: 'TRUE', preview: 'all', modelId: valid.modelId, branchName: 'main', userId }, { GITHUB_EVENT_NAME: 'push' });
    expect(settings).toMatchObject({ apply: true, prune: true, preview: 'all', modelId: '7f1c2e3d-4b5a-4697-8879-6a5b4c3d2e1f', branchName: 'main', userId });
    expect(parseAs('routines', { ...routines, preview: 'none' }).preview).toBe('none');
  });

  it('keeps one sticky comment per routines file', () => {
    const env = { GITHUB_WORKFLOW: 'w', GITHUB_JOB: 'j', GITHUB_ACTION: 'a' };
    const a = parseSettings(routines, env).commentKey;
    expect(parseSettings({ ...routines, routinesFile: 'other.yml' }, env).commentKey).not.toBe(a);
    expect(parseSettings(routines, env).commentKey).toBe(a);
  });

  it.each(['pull_request', 'pull_request_target'])('refuses apply: true on %s events, and plans there', (event) => {
    const error = fails({ ...routines, apply: 'true' }, { GITHUB_EVENT_NAME: event });
    expect(error.input).toBe('apply');
    expect(error.message).toBe(`Input 'apply' must not be true on ${event} events: plan on pull requests (apply: false), apply on push to the default branch`);
    expect(parseAs('routines', { ...routines, apply: 'false' }, { GITHUB_EVENT_NAME: event }).apply).toBe(false);
  });

  it.each(['push', 'schedule', 'workflow_dispatch', undefined])('applies on %s events', (event) => {
    expect(parseAs('routines', { ...routines, apply: 'true' }, { GITHUB_EVENT_NAME: event }).apply).toBe(true);
  });

  it.each<[RawInputs, string, string]>([
    [{ prompt: 'revenue' }, 'routinesFile', "Input 'routinesFile' cannot be combined with prompt; routines take their prompts from the routines file"],
    [{ promptsFile: 'suite.yml' }, 'routinesFile', "Input 'routinesFile' cannot be combined with promptsFile; routines take their prompts from the routines file"],
    [{ mode: 'merge', reports: 'reports' }, 'routinesFile', "Input 'routinesFile' is not used with mode: merge"],
    [{ apply: 'yes' }, 'apply', "Input 'apply' must be true or false (got 'yes')"],
    [{ prune: '1' }, 'prune', "Input 'prune' must be true or false (got '1')"],
    [{ preview: 'some' }, 'preview', "Input 'preview' must be changed, all, none (got 'some')"],
    [{ preview: 'ALL' }, 'preview', "Input 'preview' must be changed, all, none (got 'ALL')"],
    [{ topicName: 'orders' }, 'topicName', "Input 'topicName' is not used with routinesFile; give topicName on the routines in the file"],
    [{ conversationId: '11111111-1111-4111-8111-111111111111' }, 'conversationId', "Input 'conversationId' is not used with routinesFile"],
    [{ compareTo: 'shared' }, 'compareTo', "Input 'compareTo' is not used with routinesFile"],
    [{ webhookUrl: 'https://h.example.com', webhookSigningSecret: 's' }, 'webhookUrl', "Input 'webhookUrl' is not used with routinesFile"],
    [{ shard: '1/2' }, 'shard', "Input 'shard' is only used with promptsFile"],
    [{ omniUrl: '' }, 'omniUrl', "Input 'omniUrl' is required, e.g. https://acme.omniapp.co"],
  ])('rejects %o beside routinesFile, naming the input on one line', (override, input, message) => {
    const error = fails({ ...routines, ...override });
    expect(error.input).toBe(input);
    expect(error.message).toBe(message);
  });

  it.each<[RawInputs, string]>([
    [{ apply: 'true' }, 'apply'],
    [{ prune: 'true' }, 'prune'],
  ])('refuses %o without routinesFile', (override, input) => {
    const error = fails({ ...valid, ...override });
    expect(error.input).toBe(input);
    expect(error.message).toBe(`Input '${input}' is only used with routinesFile`);
  });

  it('checks preview on every step, and lets its default and apply: false pass everywhere', () => {
    expect(fails({ ...valid, preview: 'nope' }).input).toBe('preview');
    expect(parseAs('single', { ...valid, apply: 'false', prune: 'false', preview: 'changed' }).prompt).toBe(valid.prompt);
  });
});
