import type { OutcomeState } from '../job/outcome.js';

/** Every input, parsed and validated once. Optional inputs left empty are undefined. */
export interface Settings {
  /** single: one prompt; suite: promptsFile; merge: combine shard reports. */
  mode: 'single' | 'suite' | 'merge';
  prompt?: string;
  promptsFile?: string;
  modelId: string;
  branchId?: string;
  branchName?: string;
  topicName?: string;
  conversationId?: string;
  userId?: string;
  /** Normalised API base, always ending in /api, no trailing slash: https://acme.omniapp.co/api */
  omniApiBase: string;
  apiKey: string;
  githubToken?: string;
  timeoutSeconds: number;
  comment: boolean;
  commentKey: string;
  summary: boolean;
  failOn: ReadonlySet<OutcomeState>;
  webhook?: {
    url: string;
    signingSecret?: string;
    metadata?: Record<string, unknown>;
  };
  requestsPerMinute: number;
  compareTo?: 'shared';
  shard?: { index: number; total: number };
  /** Merge mode: where the legs' JSON reports are (directories or files, one per line). */
  reports?: string;
}

/** The webhook fields of a job creation, from the settings. */
export function webhookFields(settings: Pick<Settings, 'webhook'>):
  | { webhookUrl: string; webhookSigningSecret?: string; webhookMetadata?: Record<string, unknown> }
  | undefined {
  if (!settings.webhook) return undefined;
  const { url, signingSecret, metadata } = settings.webhook;
  return {
    webhookUrl: url,
    ...(signingSecret ? { webhookSigningSecret: signingSecret } : {}),
    ...(metadata ? { webhookMetadata: metadata } : {}),
  };
}
