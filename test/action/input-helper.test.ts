import { describe, expect, it } from 'vitest';
import { parseSettings, SettingsError, type RawInputs } from '../../src/action/input-helper.js';

const valid: RawInputs = {
  prompt: 'top 5 products by revenue',
  modelId: '7F1C2E3D-4B5A-4697-8879-6A5B4C3D2E1F',
  omniUrl: 'https://acme.omniapp.co',
  apiKey: 'omni_key_123',
};

function fails(raw: RawInputs, env: NodeJS.ProcessEnv = {}): SettingsError {
  try {
    parseSettings(raw, env);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('parseSettings', () => {
  it('applies the documented defaults and leaves empty optional inputs unset', () => {
    const settings = parseSettings({ ...valid, branchId: '', topicName: '  ' });
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
    expect(parseSettings({ ...valid, omniUrl }).omniApiBase).toBe(apiBase);
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
    expect(parseSettings({ ...valid, apiKey: '' }, { OMNI_API_KEY: 'from-env' }).apiKey).toBe('from-env');
  });

  it('parses failOn case-insensitively, with spaces or commas, and empty as never', () => {
    expect([...parseSettings({ ...valid, failOn: 'timeout failed' }).failOn]).toEqual(['TIMEOUT', 'FAILED']);
    expect(parseSettings({ ...valid, failOn: '' }).failOn.size).toBe(0);
  });

  it('keeps webhook settings together', () => {
    const settings = parseSettings({ ...valid, webhookUrl: 'https://h.example.com/x', webhookSigningSecret: 'sig', webhookMetadata: '{"ticket":"DATA-1"}' });
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
});
