import type { Settings } from '../../../src/action/settings.js';

/** Settings as readSettings would give them for a suite step; tests override what they need. */
export function suiteSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    mode: 'suite',
    promptsFile: 'examples/prompts.yml',
    modelId: '',
    omniApiBase: 'http://127.0.0.1:1/api',
    apiKey: 'test-key',
    timeoutSeconds: 600,
    comment: true,
    commentKey: 'suite',
    summary: true,
    failOn: new Set(['FAILED', 'CANCELLED', 'TIMEOUT']),
    requestsPerMinute: 60,
    ...overrides,
  };
}
