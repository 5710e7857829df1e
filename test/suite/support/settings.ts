import type { SuiteRunSettings } from '../../../src/action/settings.js';

/** A suite step's settings; `conversationId` only for the tests of the suite run refusing it. */
export type PromptsFileSettings = SuiteRunSettings & { promptsFile: string; conversationId?: string };

/** Settings as readSettings would give them for a suite step; tests override what they need. */
export function suiteSettings(overrides: Partial<PromptsFileSettings> = {}): PromptsFileSettings {
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
