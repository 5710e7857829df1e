/**
 * The AI Routines endpoints: who the caller acts for (`?userId=`), routine lookup and ownership,
 * list paging, create (with the active-routine quota), update, delete and trigger. Validation lives
 * in routine-validation.ts, storage in routines.ts, runs in routine-runs.ts.
 */
import { isActiveMember } from './fixtures.js';
import { errorReply, isUuid, jsonObjectBody, resolveModel, type HandlerContext, type Reply } from './handlers.js';
import { validateCreate, validateUpdate } from './routine-validation.js';
import { RoutineSortFields, type RoutineRecord, type RoutineSortField } from './routines.js';

/** The membership the request acts for: `?userId=` (organization key only) or the key's owner. */
function actingUser(ctx: HandlerContext): { userId: string } | { reply: Reply } {
  const actAs = ctx.query.userId;
  if (actAs === undefined) return { userId: ctx.caller.userId };
  if (ctx.caller.kind === 'personal') {
    return { reply: errorReply(403, 'Forbidden: User-scoped API keys cannot act on behalf of other users') };
  }
  if (!isUuid(actAs)) return { reply: errorReply(400, 'Bad Request: userId: Invalid uuid') };
  if (!isActiveMember(actAs)) {
    return { reply: errorReply(404, `The userId membership ${actAs} was not found in the organization`) };
  }
  return { userId: actAs.toLowerCase() };
}

/**
 * The routine named in the path, if the caller may touch it. A personal token, or the organization
 * key acting for `?userId=`, reaches only that user's routines (403 otherwise); the organization
 * key without `userId` acts as an admin and reaches every routine of the organization.
 */
function findRoutine(ctx: HandlerContext): { record: RoutineRecord } | { reply: Reply } {
  const actor = actingUser(ctx);
  if ('reply' in actor) return actor;
  const id = ctx.params[0] ?? '';
  if (!isUuid(id)) return { reply: errorReply(400, 'Bad Request: id: Invalid uuid') };
  const record = ctx.routines.store.live(id);
  if (!record) return { reply: errorReply(404, `Routine ${id} not found or has been deleted`) };
  const scoped = ctx.caller.kind === 'personal' || ctx.query.userId !== undefined;
  if (scoped && record.ownerId !== actor.userId) {
    return { reply: errorReply(403, `Forbidden: Routine ${record.id} belongs to another user`) };
  }
  return { record };
}

function badRequest(issues: string[]): Reply {
  return errorReply(400, `Bad Request: ${issues.join('; ')}`);
}

export function listRoutines(ctx: HandlerContext): Reply {
  const actor = actingUser(ctx);
  if ('reply' in actor) return actor.reply;
  const q = ctx.query;
  const issues: string[] = [];
  let pageSize = 20;
  if (q.pageSize !== undefined) {
    pageSize = Number(q.pageSize);
    if (!/^\d+$/.test(q.pageSize)) issues.push(`pageSize: Expected an integer, received '${q.pageSize}'`);
    else if (pageSize < 1 || pageSize > 100) issues.push('pageSize: Number must be between 1 and 100');
  }
  if (q.sortDirection !== undefined && q.sortDirection !== 'asc' && q.sortDirection !== 'desc') {
    issues.push(`sortDirection: Invalid enum value. Expected 'asc' | 'desc', received '${q.sortDirection}'`);
  }
  if (q.sortField !== undefined && !(RoutineSortFields as readonly string[]).includes(q.sortField)) {
    issues.push(`sortField: Invalid enum value. Expected ${RoutineSortFields.map((f) => `'${f}'`).join(' | ')}, received '${q.sortField}'`);
  }
  if (issues.length > 0) return badRequest(issues);
  const page = ctx.routines.store.list(actor.userId, {
    sortField: (q.sortField as RoutineSortField | undefined) ?? 'createdAt',
    direction: q.sortDirection === 'asc' ? 'asc' : 'desc',
    pageSize,
    ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
  });
  if (typeof page === 'string') return badRequest([page]);
  return { status: 200, json: { pageInfo: page.pageInfo, records: page.records.map((r) => ctx.routines.store.body(r)) } };
}

export function createRoutine(ctx: HandlerContext): Reply {
  const actor = actingUser(ctx);
  if ('reply' in actor) return actor.reply;
  const parsed = jsonObjectBody(ctx);
  if ('reply' in parsed) return parsed.reply;
  const valid = validateCreate(parsed.body);
  if (!valid.ok) return badRequest(valid.issues);
  const input = valid.value;
  if (input.gating === 'alert') {
    return {
      status: 400,
      json: {
        detail:
          'The prompt does not state when the routine should deliver. Add a specific, measurable delivery condition, then try again.',
        status: 400,
        code: 'no_condition_detected',
      },
    };
  }
  const model = resolveModel(input.modelId, input.branchId, input.topicName, 'routines');
  if ('reply' in model) return model.reply;
  const { store, maxActivePerUser } = ctx.routines;
  if (store.activeCount(actor.userId) >= maxActivePerUser) {
    return errorReply(429, `User has reached the maximum of ${maxActivePerUser} routines`);
  }
  const record = store.create(input, actor.userId, ctx.caller.kind);
  return { status: 201, json: { id: record.id } };
}

export function getRoutine(ctx: HandlerContext): Reply {
  const found = findRoutine(ctx);
  if ('reply' in found) return found.reply;
  return { status: 200, json: ctx.routines.store.body(found.record) };
}

/** PATCH (Omni's spec); PUT (Omni's docs page) is taken as the same operation with the same body. */
export function updateRoutine(ctx: HandlerContext): Reply {
  const found = findRoutine(ctx);
  if ('reply' in found) return found.reply;
  const parsed = jsonObjectBody(ctx);
  if ('reply' in parsed) return parsed.reply;
  const valid = validateUpdate(parsed.body);
  if (!valid.ok) return badRequest(valid.issues);
  ctx.routines.store.update(found.record, valid.value);
  return { status: 200, json: ctx.routines.store.body(found.record) };
}

export function deleteRoutine(ctx: HandlerContext): Reply {
  const found = findRoutine(ctx);
  if ('reply' in found) return found.reply;
  ctx.routines.store.delete(found.record);
  ctx.routines.runner.stop(found.record);
  return { status: 200, json: { deleted: true, id: found.record.id } };
}

export function triggerRoutine(ctx: HandlerContext): Reply {
  const found = findRoutine(ctx);
  if ('reply' in found) return found.reply;
  const routine = found.record;
  if (routine.disabled) return errorReply(404, `Routine ${routine.id} cannot be triggered: it is paused by its owner`);
  if (routine.systemDisabled) {
    const why = routine.systemDisabledReason ? `: ${routine.systemDisabledReason}` : '';
    return errorReply(404, `Routine ${routine.id} cannot be triggered: it was disabled by Omni${why}`);
  }
  if (ctx.routines.runner.busy(routine.id)) return errorReply(409, 'A run is already in progress for this routine');
  if (!isActiveMember(routine.ownerId)) {
    return errorReply(400, `Bad Request: The routine cannot run as configured: its owner ${routine.ownerId} is no longer a member`);
  }
  const model = resolveModel(routine.modelId, routine.branchId, routine.topicName, 'routines');
  if ('reply' in model) {
    const why = (model.reply as { json: { detail: string } }).json.detail;
    return errorReply(400, `Bad Request: The routine cannot run as configured: ${why}`);
  }
  const run = ctx.routines.runner.start(routine, model.model, ctx.caller.kind);
  return { status: 202, json: { id: run.id } };
}
