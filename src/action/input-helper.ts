import { createHash } from 'node:crypto';
import * as core from '@actions/core';
import { ApiKeyEnvVar, Inputs, type InputName } from './constants.js';
import { OutcomeStates, type OutcomeState } from '../job/outcome.js';
import { registerSecret } from '../lib/secrets.js';
import {
  PreviewChoices,
  type JobSettings,
  type OmniSettings,
  type PreviewChoice,
  type ReportSettings,
  type RoutinesSettings,
  type Settings,
  type SingleSettings,
} from './settings.js';
import { MaxShards, type ShardSpec } from '../suite/shard.js';
import { oneLine } from '../lib/text.js';
import { normalizeOmniUrl } from '../lib/url.js';
import { UuidPattern } from '../lib/uuid.js';

/** A bad input: the message is one line and names the input. */
export class SettingsError extends Error {
  constructor(
    readonly input: InputName,
    problem: string,
  ) {
    super(`Input '${input}' ${problem}`);
    this.name = 'SettingsError';
  }
}

export type RawInputs = Partial<Record<InputName, string>>;

const TrueWords = new Set(['true', 'True', 'TRUE']);
const FalseWords = new Set(['false', 'False', 'FALSE']);
const MaxTimeoutSeconds = 6 * 60 * 60;
const MaxRequestsPerMinute = 10_000;
const MaxTopicNameLength = 256;
const MaxCommentKeyLength = 100;

/** Reads every input from the runner, masks the secrets at once, then validates. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const raw: RawInputs = {};
  for (const name of Object.values(Inputs)) raw[name] = core.getInput(name);
  registerSecret(raw.apiKey || env[ApiKeyEnvVar]);
  registerSecret(raw.webhookSigningSecret);
  registerSecret(raw.githubToken);
  return parseSettings(raw, env);
}

/** Pure: raw input strings (and the few environment variables consulted) to settings. */
export function parseSettings(raw: RawInputs, env: NodeJS.ProcessEnv = {}): Settings {
  const text = (name: InputName): string | undefined => {
    const value = raw[name]?.trim();
    return value ? value : undefined;
  };

  const prompt = text(Inputs.Prompt);
  const promptsFile = text(Inputs.PromptsFile);
  const routinesFile = text(Inputs.RoutinesFile);
  const mode = parseMode(text(Inputs.Mode), promptsFile, routinesFile);
  if (routinesFile) {
    if (mode === 'merge') throw new SettingsError(Inputs.RoutinesFile, 'is not used with mode: merge');
    const other = prompt ? Inputs.Prompt : promptsFile ? Inputs.PromptsFile : undefined;
    if (other) throw new SettingsError(Inputs.RoutinesFile, `cannot be combined with ${other}; routines take their prompts from the routines file`);
  }
  if (mode === 'single' && !prompt) throw new SettingsError(Inputs.Prompt, 'is required (or give promptsFile for a suite)');
  if (prompt && promptsFile) throw new SettingsError(Inputs.Prompt, 'cannot be combined with promptsFile; give one of them');
  if (prompt?.includes('\0')) throw new SettingsError(Inputs.Prompt, 'must not contain NUL characters');

  const modelId = uuid(Inputs.ModelId, text(Inputs.ModelId));
  if (!modelId && mode === 'single') throw new SettingsError(Inputs.ModelId, 'is required: the UUID of the shared model');
  const branchId = uuid(Inputs.BranchId, text(Inputs.BranchId));
  const branchName = text(Inputs.BranchName);
  if (branchId && branchName) throw new SettingsError(Inputs.BranchName, 'cannot be combined with branchId; give one of them');
  if (branchName && !/^[\w\-/.]+$/.test(branchName)) {
    throw new SettingsError(Inputs.BranchName, 'may only contain letters, digits, _, -, . and /');
  }
  const topicName = text(Inputs.TopicName);
  if (topicName && topicName.length > MaxTopicNameLength) {
    throw new SettingsError(Inputs.TopicName, `must be at most ${MaxTopicNameLength} characters`);
  }
  const conversationId = uuid(Inputs.ConversationId, text(Inputs.ConversationId));
  const userId = uuid(Inputs.UserId, text(Inputs.UserId));

  const omniUrlText = text(Inputs.OmniUrl);
  if (!omniUrlText && mode !== 'merge') throw new SettingsError(Inputs.OmniUrl, 'is required, e.g. https://acme.omniapp.co');
  let omniApiBase = '';
  if (omniUrlText) {
    const normalized = normalizeOmniUrl(omniUrlText);
    if ('error' in normalized) throw new SettingsError(Inputs.OmniUrl, normalized.error);
    omniApiBase = normalized.apiBase;
  }

  const apiKey = text(Inputs.ApiKey) ?? env[ApiKeyEnvVar]?.trim() ?? '';
  if (!apiKey && mode !== 'merge') {
    throw new SettingsError(Inputs.ApiKey, `is required: pass a secret, e.g. apiKey: \${{ secrets.OMNI_API_KEY }}, or set env ${ApiKeyEnvVar}`);
  }
  if (/\s/.test(apiKey)) throw new SettingsError(Inputs.ApiKey, 'must not contain spaces or line breaks');

  const webhookUrl = text(Inputs.WebhookUrl);
  const webhookSigningSecret = text(Inputs.WebhookSigningSecret);
  const webhookMetadataText = text(Inputs.WebhookMetadata);
  if (webhookUrl) checkWebhookUrl(webhookUrl);
  if (!webhookUrl && webhookSigningSecret) throw new SettingsError(Inputs.WebhookSigningSecret, 'needs webhookUrl');
  if (!webhookUrl && webhookMetadataText) throw new SettingsError(Inputs.WebhookMetadata, 'needs webhookUrl');
  if (webhookUrl && !webhookSigningSecret) {
    throw new SettingsError(Inputs.WebhookSigningSecret, 'is required with webhookUrl (Omni signs webhook payloads with it)');
  }
  const webhookMetadata = webhookMetadataText ? jsonObject(Inputs.WebhookMetadata, webhookMetadataText) : undefined;

  const compareTo = text(Inputs.CompareTo);
  if (compareTo && compareTo !== 'shared') throw new SettingsError(Inputs.CompareTo, `must be 'shared' or empty (got ${short(compareTo)})`);
  if (compareTo && !branchId && !branchName && mode === 'single') {
    throw new SettingsError(Inputs.CompareTo, 'needs branchId or branchName: the branch is compared with the shared model');
  }

  const shard = parseShard(text(Inputs.Shard));
  const reports = text(Inputs.Reports);
  if (mode === 'merge' && !reports) throw new SettingsError(Inputs.Reports, "is required with mode: merge: the directory the legs' reports were downloaded to");
  if (mode !== 'merge' && reports) throw new SettingsError(Inputs.Reports, 'is only used with mode: merge');
  if (mode !== 'suite' && shard) throw new SettingsError(Inputs.Shard, 'is only used with promptsFile');
  const requestsPerMinute = integer(Inputs.RequestsPerMinute, text(Inputs.RequestsPerMinute) ?? '60', 1, MaxRequestsPerMinute);
  const timeoutSeconds = integer(Inputs.TimeoutSeconds, text(Inputs.TimeoutSeconds) ?? '600', 1, MaxTimeoutSeconds);
  const comment = boolean(Inputs.Comment, text(Inputs.Comment) ?? 'true');
  const summary = boolean(Inputs.Summary, text(Inputs.Summary) ?? 'true');
  const failOn = parseFailOn(raw[Inputs.FailOn] ?? 'FAILED,CANCELLED,TIMEOUT');

  const apply = boolean(Inputs.Apply, text(Inputs.Apply) ?? 'false');
  const prune = boolean(Inputs.Prune, text(Inputs.Prune) ?? 'false');
  const preview = parsePreview(text(Inputs.Preview) ?? 'changed');
  if (mode === 'routines') {
    const unused = [Inputs.TopicName, Inputs.ConversationId, Inputs.CompareTo, Inputs.WebhookUrl].find((name) => text(name) !== undefined);
    if (unused) throw new SettingsError(unused, `is not used with routinesFile${unused === Inputs.TopicName ? '; give topicName on the routines in the file' : ''}`);
    const event = env.GITHUB_EVENT_NAME;
    if (apply && (event === 'pull_request' || event === 'pull_request_target')) {
      throw new SettingsError(Inputs.Apply, `must not be true on ${event} events: plan on pull requests (apply: false), apply on push to the default branch`);
    }
  } else {
    if (apply) throw new SettingsError(Inputs.Apply, 'is only used with routinesFile');
    if (prune) throw new SettingsError(Inputs.Prune, 'is only used with routinesFile');
  }

  const key = commentKey(text(Inputs.CommentKey), [modelId, branchId, branchName, topicName, prompt, promptsFile], routinesFile, env);
  const report: ReportSettings = { comment, commentKey: key, summary };
  assignDefined(report, { githubToken: text(Inputs.GithubToken) });
  if (mode === 'merge') return { mode, reports: reports ?? '', ...report };

  const omni: OmniSettings = { omniApiBase, apiKey, requestsPerMinute };
  const branch = branchId ? { branchId } : branchName ? { branchName } : {};
  if (mode === 'routines') {
    const settings: RoutinesSettings = { mode, routinesFile: routinesFile ?? '', apply, prune, preview, timeoutSeconds, ...branch, ...report, ...omni };
    assignDefined(settings, { modelId, userId });
    return settings;
  }

  const job: JobSettings = { timeoutSeconds, failOn };
  assignDefined(job, { userId });
  if (webhookUrl) {
    job.webhook = { url: webhookUrl };
    if (webhookSigningSecret) job.webhook.signingSecret = webhookSigningSecret;
    if (webhookMetadata) job.webhook.metadata = webhookMetadata;
  }
  const target = { ...branch, ...(topicName ? { topicName } : {}) };
  if (mode === 'single' && !compareTo) {
    const settings: SingleSettings = { mode, prompt: prompt ?? '', modelId: modelId ?? '', ...target, ...report, ...omni, ...job };
    assignDefined(settings, { conversationId });
    return settings;
  }
  const run = { mode: 'suite' as const, ...target, ...report, ...omni, ...job, ...(modelId ? { modelId } : {}), ...(compareTo ? { compareTo: 'shared' as const } : {}), ...(shard ? { shard } : {}) };
  if (promptsFile) {
    if (conversationId) throw new SettingsError(Inputs.ConversationId, 'is not used with promptsFile; give conversationId on the cases in the prompts file that continue a conversation');
    return { ...run, promptsFile };
  }
  return { ...run, promptCase: { prompt: prompt ?? '', ...(conversationId ? { conversationId } : {}) } };
}

function parseMode(mode: string | undefined, promptsFile: string | undefined, routinesFile: string | undefined): 'single' | 'suite' | 'merge' | 'routines' {
  if (mode === undefined || mode === 'run') return routinesFile ? 'routines' : promptsFile ? 'suite' : 'single';
  if (mode === 'merge') return 'merge';
  throw new SettingsError(Inputs.Mode, `must be 'run' or 'merge' (got ${short(mode)})`);
}

function parsePreview(value: string): PreviewChoice {
  const choice = PreviewChoices.find((candidate) => candidate === value);
  if (!choice) throw new SettingsError(Inputs.Preview, `must be ${PreviewChoices.join(', ')} (got ${short(value)})`);
  return choice;
}

function uuid(name: InputName, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!UuidPattern.test(value)) throw new SettingsError(name, `must be a UUID like 0b1d2c3e-4f50-6172-8394-a5b6c7d8e9f0 (got ${short(value)})`);
  return value.toLowerCase();
}

function integer(name: InputName, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new SettingsError(name, `must be a whole number from ${min} to ${max} (got ${short(value)})`);
  const number = Number(value);
  if (number < min || number > max) throw new SettingsError(name, `must be a whole number from ${min} to ${max} (got ${short(value)})`);
  return number;
}

function boolean(name: InputName, value: string): boolean {
  if (TrueWords.has(value)) return true;
  if (FalseWords.has(value)) return false;
  throw new SettingsError(name, `must be true or false (got ${short(value)})`);
}

export function parseFailOn(value: string): ReadonlySet<OutcomeState> {
  const states = new Set<OutcomeState>();
  for (const word of value.split(/[\s,]+/).filter(Boolean)) {
    const state = word.toUpperCase() as OutcomeState;
    if (!OutcomeStates.includes(state)) {
      throw new SettingsError(Inputs.FailOn, `has ${short(word)}; use a comma-separated list of ${OutcomeStates.join(', ')} (or empty)`);
    }
    states.add(state);
  }
  return states;
}

/** "2/4" → { index: 2, total: 4 }: this leg of a matrix and the number of legs, counted from 1. */
function parseShard(value: string | undefined): ShardSpec | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || index < 1 || index > total || total > MaxShards) {
    throw new SettingsError(Inputs.Shard, `must look like 2/4 (this leg / number of legs, 1-based, at most ${MaxShards}) (got ${short(value)})`);
  }
  return { index, total };
}

function checkWebhookUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingsError(Inputs.WebhookUrl, 'is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SettingsError(Inputs.WebhookUrl, 'must be an http(s) URL');
}

function jsonObject(name: InputName, value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    // V8 quotes part of the text after the reason: of a secret pasted here by mistake, that part would show.
    const reason = oneLine((error as Error).message).replace(/, ".*$/, '');
    throw new SettingsError(name, `is not valid JSON: ${reason}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SettingsError(name, 'must be a JSON object, e.g. {"ticket": "DATA-42"}');
  }
  return parsed as Record<string, unknown>;
}

/**
 * The sticky comment's key. By default one comment per workflow, job and step, and per question,
 * so matrix legs asking different things each keep their own comment.
 */
function commentKey(given: string | undefined, question: readonly (string | undefined)[], routinesFile: string | undefined, env: NodeJS.ProcessEnv): string {
  if (given) {
    if (given.length > MaxCommentKeyLength) throw new SettingsError(Inputs.CommentKey, `must be at most ${MaxCommentKeyLength} characters`);
    if (!/^[\w\-./:@ ]+$/.test(given)) throw new SettingsError(Inputs.CommentKey, 'may only contain letters, digits, spaces and _ - . / : @');
    return given;
  }
  const place = [env.GITHUB_WORKFLOW, env.GITHUB_JOB, env.GITHUB_ACTION].filter(Boolean).join('/') || 'omni-ai-job';
  // The routines file joins the question only when given, so the keys of existing comments stay as they were.
  const parts = routinesFile === undefined ? question : [...question, routinesFile];
  const digest = createHash('sha256')
    .update(parts.map((part) => part ?? '').join('\n'))
    .digest('hex')
    .slice(0, 8);
  return `${place.replace(/[^\w\-./:@ ]/g, '_').slice(0, MaxCommentKeyLength - 9)}#${digest}`;
}

/**
 * An input echoed in an error, quoted: whole when short, so a typo shows; otherwise only its
 * length. Never a prefix: a secret pasted into the wrong input would leave its first characters
 * in the log, where the runner (which masks whole values only) cannot hide them.
 */
function short(value: string): string {
  const flat = oneLine(value);
  return flat.length > 40 ? `a value of ${flat.length} characters` : `'${flat}'`;
}

function assignDefined<T extends object>(target: T, values: { [K in keyof T]?: T[K] | undefined }): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
