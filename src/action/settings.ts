import type { JobRequest, OutcomeState } from '../job/outcome.js';
import type { ShardSpec } from '../suite/shard.js';

/**
 * Every input, parsed and validated once, in the shape of the mode the inputs select: each mode
 * carries the fields it uses and no others. Optional inputs left empty are absent.
 */
export type Settings = SingleSettings | SuiteSettings | MergeSettings | RoutinesSettings;
export type Mode = Settings['mode'];

/** Where the reports go: the job summary and the sticky PR comment. */
export interface ReportSettings {
  summary: boolean;
  comment: boolean;
  commentKey: string;
  githubToken?: string;
}

/** How to reach Omni, and the budget every request of the step shares. */
export interface OmniSettings {
  /** Normalised API base, always ending in /api, no trailing slash: https://acme.omniapp.co/api */
  omniApiBase: string;
  apiKey: string;
  requestsPerMinute: number;
}

export interface WebhookSettings {
  url: string;
  signingSecret?: string;
  metadata?: Record<string, unknown>;
}

/** How the step's AI jobs are created and when their outcome fails the step. */
export interface JobSettings {
  userId?: string;
  timeoutSeconds: number;
  failOn: ReadonlySet<OutcomeState>;
  webhook?: WebhookSettings;
}

/** One prompt: create, wait, report. What to ask is the job's request as its outcome reports it. */
export interface SingleSettings extends ReportSettings, OmniSettings, JobSettings, JobRequest {
  mode: 'single';
}

/** The part of a suite's settings that does not depend on where its cases come from. */
export interface SuiteRunSettings extends ReportSettings, OmniSettings, JobSettings {
  mode: 'suite';
  /** Absent: the prompts file's modelId. */
  modelId?: string;
  branchId?: string;
  branchName?: string;
  topicName?: string;
  compareTo?: 'shared';
  shard?: ShardSpec;
}

/** The prompt input as a suite's only case: the case, not the suite, continues the conversation. */
export interface PromptCase {
  prompt: string;
  conversationId?: string;
}

/** promptsFile; or one prompt compared with the shared model (compareTo), run as a suite of that one case. */
export type SuiteSettings = SuiteRunSettings & ({ promptsFile: string } | { promptCase: PromptCase });

/** mode: merge — the legs' reports become one; nothing is asked of Omni. */
export interface MergeSettings extends ReportSettings {
  mode: 'merge';
  /** Where the legs' JSON reports are (directories or files, one per line). */
  reports: string;
}

/** What a plan shows an answer for: the prompts of new and changed routines, all of them, or none. */
export type PreviewChoice = 'changed' | 'all' | 'none';
export const PreviewChoices: readonly PreviewChoice[] = ['changed', 'all', 'none'];

/** routinesFile: plan (or apply) the routines the file declares. */
export interface RoutinesSettings extends ReportSettings, OmniSettings {
  mode: 'routines';
  routinesFile: string;
  /** Make the changes in Omni; false plans only. Never true on a pull request event. */
  apply: boolean;
  /** Also delete routines this file manages but no longer declares. */
  prune: boolean;
  preview: PreviewChoice;
  /** Defaults for routines the file leaves without a model or branch. */
  modelId?: string;
  branchId?: string;
  branchName?: string;
  /** Owner of the routines (organization API keys only). */
  userId?: string;
  /** How long a preview's AI job may take. */
  timeoutSeconds: number;
}

/** The webhook fields of a job creation, from the settings. */
export function webhookFields(settings: { webhook?: WebhookSettings }):
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
