/**
 * The emulated endpoints: request validation as Omni documents it, and the answers. Each handler
 * returns a Reply; the server does the HTTP around it (auth, rate limit, faults, recording).
 */
import type { ServerResponse } from 'node:http';
import { Catalog, Ids, ModelKinds, catalogModel, isActiveMember, type CatalogModel } from './fixtures.js';
import { isTerminal, type JobEngine, type JobRecord } from './jobs.js';
import { streamResult } from './result-stream.js';
import type { RoutineRunner } from './routine-runs.js';
import { isPlainObject, typeName } from './routine-validation.js';
import type { RoutineStore } from './routines.js';
import { activeBranches, semanticModel, topicsOfCatalogModel, type SemanticModel } from './semantic-model.js';
import type { KeyKind } from './types.js';

export type Reply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: 200; stream: (res: ServerResponse) => Promise<void> };

export interface Caller {
  kind: Exclude<KeyKind, 'unknown' | 'none'>;
  /** The user the key belongs to (the organization key's creator, or the token's owner). */
  userId: string;
}

export interface RoutineContext {
  store: RoutineStore;
  runner: RoutineRunner;
  /** Active routines one user may own (create answers 429 beyond). */
  maxActivePerUser: number;
}

export interface HandlerContext {
  engine: JobEngine;
  routines: RoutineContext;
  caller: Caller;
  query: Record<string, string>;
  params: string[];
  /** Parsed JSON; `invalidJson` when the body did not parse; undefined when empty. */
  body: unknown;
  contentType: string | undefined;
}

export const invalidJson = Symbol('invalid JSON');

export function errorReply(status: number, detail: string, headers?: Record<string, string>): Reply {
  return { status, json: { detail, status }, ...(headers ? { headers } : {}) };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}

/** Field problems in Omni's "Bad Request: <field>: <problem>" style. */
function submitBodyIssues(body: Record<string, unknown>): string[] {
  const issues: string[] = [];
  const optionalString = (field: string, check?: (v: string) => string | undefined) => {
    const v = body[field];
    if (v === undefined) return;
    if (typeof v !== 'string') issues.push(`${field}: Expected string, received ${typeName(v)}`);
    else if (check) {
      const problem = check(v);
      if (problem) issues.push(`${field}: ${problem}`);
    }
  };
  const uuid = (v: string) => (isUuid(v) ? undefined : 'Invalid uuid');

  if (body.modelId === undefined) issues.push('modelId: Required');
  else optionalString('modelId', uuid);
  if (body.prompt === undefined) issues.push('prompt: Required');
  else optionalString('prompt', (v) => (v.length === 0 ? 'String must contain at least 1 character(s)' : undefined));
  optionalString('branchId', uuid);
  optionalString('conversationId', uuid);
  optionalString('topicName', (v) => (v.length > 256 ? 'String must contain at most 256 character(s)' : undefined));
  optionalString('webhookUrl', (v) => {
    try {
      const url = new URL(v);
      return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'Invalid url';
    } catch {
      return 'Invalid url';
    }
  });
  optionalString('webhookSigningSecret');
  if (body.webhookMetadata !== undefined && !isPlainObject(body.webhookMetadata)) {
    issues.push(`webhookMetadata: Expected object, received ${typeName(body.webhookMetadata)}`);
  }
  if (body.progressWebhookEnabled !== undefined && typeof body.progressWebhookEnabled !== 'boolean') {
    issues.push(`progressWebhookEnabled: Expected boolean, received ${typeName(body.progressWebhookEnabled)}`);
  }
  if (body.attachments !== undefined) {
    if (!Array.isArray(body.attachments)) issues.push(`attachments: Expected array, received ${typeName(body.attachments)}`);
    else if (body.attachments.length > 5) issues.push('attachments: Array must contain at most 5 element(s)');
  }
  return issues;
}

/** The request body as a JSON object, or the 400 Omni answers for anything else. */
export function jsonObjectBody(ctx: HandlerContext): { body: Record<string, unknown> } | { reply: Reply } {
  if (ctx.body === invalidJson) return { reply: errorReply(400, 'Bad Request: Invalid JSON body') };
  if (ctx.body !== undefined && !/\bapplication\/(?:[\w.+-]+\+)?json\b/i.test(ctx.contentType ?? '')) {
    return { reply: errorReply(400, `Bad Request: Content-Type must be application/json (got ${ctx.contentType ?? 'none'})`) };
  }
  if (!isPlainObject(ctx.body)) return { reply: errorReply(400, `Bad Request: Expected object, received ${typeName(ctx.body)}`) };
  return { body: ctx.body };
}

export function modelNotFound(modelId: string): Reply {
  return errorReply(404, `Model ${modelId} not found`);
}

/**
 * The shared model (or live branch of it) a job or routine runs on, checking the topic too; or the
 * 404 Omni answers. `what` names the runner in the "not a shared model" detail.
 */
export function resolveModel(
  modelId: string,
  branchId: string | null,
  topicName: string | null,
  what: string,
): { model: SemanticModel } | { reply: Reply } {
  const record = catalogModel(modelId);
  if (!record || record.deletedAt) return { reply: modelNotFound(modelId) };
  if (record.modelKind !== 'SHARED') {
    const hint =
      record.modelKind === 'BRANCH' && record.baseModelId
        ? ` (it is a branch: pass modelId ${record.baseModelId} and branchId ${modelId})`
        : '';
    return { reply: errorReply(404, `Model ${modelId} not found: ${what} run on shared models${hint}`) };
  }
  const model = semanticModel(modelId, branchId);
  if (!model) return { reply: errorReply(404, `Branch ${branchId} not found for model ${modelId}`) };
  if (topicName !== null && !model.topics.some((t) => t.name === topicName)) {
    return { reply: errorReply(404, `Topic ${topicName} not found in model ${modelId}`) };
  }
  return { model };
}

export function createJob(ctx: HandlerContext): Reply {
  const actAs = ctx.query.userId;
  if (actAs !== undefined) {
    if (ctx.caller.kind === 'personal') {
      return errorReply(403, 'Forbidden: User-scoped API keys cannot act on behalf of other users');
    }
    if (!isUuid(actAs)) return errorReply(400, 'Bad Request: userId: Invalid uuid');
  }
  const parsed = jsonObjectBody(ctx);
  if ('reply' in parsed) return parsed.reply;
  const body = parsed.body;
  const issues = submitBodyIssues(body);
  if (issues.length > 0) return errorReply(400, `Bad Request: ${issues.join('; ')}`);

  if (actAs !== undefined && !isActiveMember(actAs)) {
    return errorReply(404, `The userId membership ${actAs} was not found in the organization`);
  }
  const branchId = typeof body.branchId === 'string' ? body.branchId.toLowerCase() : null;
  const topicName = typeof body.topicName === 'string' ? body.topicName : null;
  const model = resolveModel((body.modelId as string).toLowerCase(), branchId, topicName, 'AI jobs');
  if ('reply' in model) return model.reply;
  const conversationId = typeof body.conversationId === 'string' ? body.conversationId.toLowerCase() : undefined;
  if (conversationId !== undefined) {
    if (!ctx.engine.hasConversation(conversationId)) return errorReply(404, `Conversation ${conversationId} not found`);
    if (ctx.engine.conversationBusy(conversationId)) {
      return errorReply(409, 'An active job already exists for this conversation');
    }
  }
  const webhookUrl = typeof body.webhookUrl === 'string' ? body.webhookUrl : undefined;
  const job = ctx.engine.create({
    prompt: body.prompt as string,
    model: model.model,
    topicName,
    ...(conversationId ? { conversationId } : {}),
    organizationId: Ids.organizationId,
    userId: actAs?.toLowerCase() ?? ctx.caller.userId,
    createdBy: ctx.caller.kind,
    ...(webhookUrl
      ? {
          webhook: {
            url: webhookUrl,
            progress: body.progressWebhookEnabled === true,
            ...(typeof body.webhookSigningSecret === 'string' ? { secret: body.webhookSigningSecret } : {}),
            ...(isPlainObject(body.webhookMetadata) ? { metadata: body.webhookMetadata } : {}),
          },
        }
      : {}),
  });
  return { status: 201, json: { jobId: job.id, conversationId: job.conversationId, omniChatUrl: job.omniChatUrl } };
}

const jobNotFound = 'Job not found. The job may not exist or may belong to a different organization.';

function findJob(ctx: HandlerContext): JobRecord | Reply {
  const jobId = ctx.params[0] ?? '';
  if (!isUuid(jobId)) return errorReply(400, 'Bad Request: jobId: Invalid uuid');
  return ctx.engine.visible(jobId.toLowerCase()) ?? errorReply(404, jobNotFound);
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value && ('json' in value || 'stream' in value);
}

export function getJob(ctx: HandlerContext): Reply {
  const job = findJob(ctx);
  if (isReply(job)) return job;
  return { status: 200, json: ctx.engine.statusBody(job) };
}

export function cancelJob(ctx: HandlerContext): Reply {
  const job = findJob(ctx);
  if (isReply(job)) return job;
  if (ctx.caller.kind === 'personal' && job.userId !== ctx.caller.userId) {
    return errorReply(403, 'Forbidden: Only the job owner or organization admins can cancel this job');
  }
  const state = ctx.engine.cancel(job, ctx.caller.userId);
  return { status: 200, json: { jobId: job.id, state } };
}

export function getResult(ctx: HandlerContext): Reply {
  const job = findJob(ctx);
  if (isReply(job)) return job;
  if (job.state !== 'COMPLETE' || !job.result) {
    const why = isTerminal(job.state)
      ? `the job ended ${job.state}`
      : `the job is ${job.state}; results are available once it is COMPLETE`;
    return errorReply(404, `Job result not found: ${why}.`);
  }
  const doc = job.result;
  const padding = job.script.resultPaddingBytes ?? 0;
  const width = ctx.engine.csvWidth(job);
  return { status: 200, stream: (res) => streamResult(res, doc, padding, width) };
}

// ------------------------------------------------------------------ models

type SortField = 'name' | 'modelKind' | 'connectionId' | 'baseModelId' | 'createdAt' | 'updatedAt';
const sortFields: readonly SortField[] = ['name', 'modelKind', 'connectionId', 'baseModelId', 'createdAt', 'updatedAt'];

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number | undefined {
  const m = Buffer.from(cursor, 'base64url').toString('utf8').match(/^offset:(\d+)$/);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

export function listModels(ctx: HandlerContext): Reply {
  const q = ctx.query;
  const issues: string[] = [];
  for (const field of ['modelId', 'baseModelId', 'connectionId'] as const) {
    if (q[field] !== undefined && !isUuid(q[field])) issues.push(`${field}: Invalid uuid`);
  }
  if (q.modelKind !== undefined && !(ModelKinds as readonly string[]).includes(q.modelKind)) {
    issues.push(`modelKind: Invalid enum value. Expected ${ModelKinds.join(' | ')}, received '${q.modelKind}'`);
  }
  if (q.includeDeleted !== undefined && !['0', '1', 'true', 'false'].includes(q.includeDeleted)) {
    issues.push(`includeDeleted: Invalid enum value. Expected 0 | 1 | true | false, received '${q.includeDeleted}'`);
  }
  if (q.sortField !== undefined && !(sortFields as readonly string[]).includes(q.sortField)) {
    issues.push(`sortField: Invalid enum value. Expected ${sortFields.join(' | ')}, received '${q.sortField}'`);
  }
  if (q.sortDirection !== undefined && q.sortDirection !== 'asc' && q.sortDirection !== 'desc') {
    issues.push(`sortDirection: Invalid enum value. Expected asc | desc, received '${q.sortDirection}'`);
  }
  let pageSize = 20;
  if (q.pageSize !== undefined) {
    pageSize = Number(q.pageSize);
    if (!/^\d+$/.test(q.pageSize) || pageSize <= 0) issues.push('pageSize: Number must be greater than 0');
  }
  let offset = 0;
  if (q.cursor !== undefined) {
    const decoded = decodeCursor(q.cursor);
    if (decoded === undefined) issues.push('cursor: Invalid cursor');
    else offset = decoded;
  }
  if (issues.length > 0) return errorReply(400, `Bad Request: ${issues.join('; ')}`);

  const includeDeleted = q.includeDeleted === '1' || q.includeDeleted === 'true';
  const name = q.name?.toLowerCase();
  const matches = Catalog.filter(
    (m) =>
      (includeDeleted || m.deletedAt === null) &&
      (q.modelId === undefined || m.id === q.modelId.toLowerCase()) &&
      (q.baseModelId === undefined || m.baseModelId === q.baseModelId.toLowerCase()) &&
      (q.connectionId === undefined || m.connectionId === q.connectionId.toLowerCase()) &&
      (q.modelKind === undefined || m.modelKind === q.modelKind) &&
      // Match semantics are undocumented; a case-insensitive substring is the loosest reading.
      (name === undefined || m.name.toLowerCase().includes(name)),
  );
  const field: SortField = (q.sortField as SortField | undefined) ?? 'updatedAt';
  const direction = q.sortDirection === 'asc' ? 1 : -1;
  const sorted = [...matches].sort((a, b) => {
    const av = a[field] ?? '';
    const bv = b[field] ?? '';
    return (av < bv ? -1 : av > bv ? 1 : 0) * direction || a.id.localeCompare(b.id);
  });
  const page = sorted.slice(offset, offset + pageSize);
  const withBranches = (q.include ?? '').split(',').map((s) => s.trim()).includes('activeBranches');
  const records = page.map((m: CatalogModel) => ({
    id: m.id,
    name: m.name,
    modelKind: m.modelKind,
    baseModelId: m.baseModelId,
    connectionId: m.connectionId,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    deletedAt: m.deletedAt,
    ...(withBranches ? { branches: m.modelKind === 'SHARED' ? activeBranches(m.id) : [] } : {}),
  }));
  const hasNextPage = offset + pageSize < sorted.length;
  return {
    status: 200,
    json: {
      pageInfo: {
        hasNextPage,
        nextCursor: hasNextPage ? encodeCursor(offset + pageSize) : null,
        pageSize,
        totalRecords: sorted.length,
      },
      records,
    },
  };
}

export function listTopics(ctx: HandlerContext): Reply {
  const modelId = ctx.params[0] ?? '';
  const branchId = ctx.query.branch_id;
  if (!isUuid(modelId)) return errorReply(400, 'Bad Request: modelId: Invalid uuid');
  if (branchId !== undefined && !isUuid(branchId)) return errorReply(400, 'Bad Request: branch_id: Invalid uuid');
  const record = catalogModel(modelId.toLowerCase());
  if (!record || record.deletedAt) return modelNotFound(modelId);
  const topics = topicsOfCatalogModel(record.id, branchId?.toLowerCase() ?? null);
  if (!topics) return errorReply(404, `Branch ${branchId} not found for model ${modelId}`);
  return {
    status: 200,
    json: {
      success: true,
      topics: topics.map((t) => ({
        name: t.name,
        base_view_name: t.baseView,
        label: t.label,
        description: t.description,
        hidden: false,
      })),
    },
  };
}
