/**
 * The emulated routines store: records per owner, soft delete, the RoutineResponse document
 * (recipientCount with groups expanded), cursor paging of the list, the active-routine count the
 * quota uses, and seeding.
 */
import { randomUUID } from 'node:crypto';
import { Ids, userGroup } from './fixtures.js';
import type {
  EmulatedRoutine,
  PageInfo,
  RoutineDestination,
  RoutineDestinationInput,
  RoutineResponse,
  RoutineSeed,
  RoutineStatusChange,
} from './routine-types.js';
import type { ValidCreate, ValidUpdate } from './routine-validation.js';
import type { KeyKind } from './types.js';

/**
 * A stored routine: the answer and its bookkeeping as `EmulatedRoutine` holds them, less
 * `recipientCount` (counted from the destination on every answer), plus the insertion order.
 */
export interface RoutineRecord extends Omit<EmulatedRoutine, 'recipientCount'> {
  /** Insertion order: breaks ties between equal sort keys. */
  seq: number;
}

export type RoutineSortField = 'createdAt' | 'updatedAt' | 'name';
export const RoutineSortFields: readonly RoutineSortField[] = ['createdAt', 'updatedAt', 'name'];

export interface ListQuery {
  sortField: RoutineSortField;
  direction: 'asc' | 'desc';
  pageSize: number;
  cursor?: string;
}

interface Cursor {
  f: RoutineSortField;
  d: 'asc' | 'desc';
  k: string;
  s: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(text: string): Cursor | undefined {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (
      typeof c === 'object' && c !== null &&
      (RoutineSortFields as readonly unknown[]).includes(c.f) &&
      (c.d === 'asc' || c.d === 'desc') &&
      typeof c.k === 'string' &&
      Number.isInteger(c.s)
    ) {
      return c as Cursor;
    }
  } catch {
    // not base64url JSON
  }
  return undefined;
}

function normalizeDestination(d: RoutineDestinationInput): RoutineDestination {
  if (d.type === 'slack') return { type: 'slack', recipientId: d.recipientId, slackRecipientType: d.slackRecipientType };
  return { type: 'email', recipientEmails: [...(d.recipientEmails ?? [])], userGroupIds: [...(d.userGroupIds ?? [])] };
}

/** Everyone an e-mail run goes to: direct addresses, then group members; duplicates (any case) once. */
export function emailRecipients(destination: RoutineDestination): string[] {
  if (destination.type === 'slack') return [destination.recipientId];
  const seen = new Set<string>();
  const out: string[] = [];
  const groupMembers = destination.userGroupIds.flatMap((id) => userGroup(id)?.memberEmails ?? []);
  for (const email of [...destination.recipientEmails, ...groupMembers]) {
    const key = email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(email);
  }
  return out;
}

function iso(ms = Date.now()): string {
  return new Date(ms).toISOString();
}

export class RoutineStore {
  private readonly records = new Map<string, RoutineRecord>();
  private seq = 0;

  create(input: ValidCreate, ownerId: string, createdBy: KeyKind): RoutineRecord {
    const now = iso();
    const record: RoutineRecord = {
      id: randomUUID(),
      seq: ++this.seq,
      ownerId,
      name: input.name,
      prompt: input.prompt,
      description: input.description,
      modelId: input.modelId,
      branchId: input.branchId,
      topicName: input.topicName,
      schedule: input.schedule,
      timezone: input.timezone,
      destination: input.destination,
      disabled: false,
      systemDisabled: false,
      systemDisabledReason: null,
      lastRun: null,
      condition: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
      createdBy,
    };
    this.records.set(record.id, record);
    return record;
  }

  seed(seed: RoutineSeed): RoutineRecord {
    const id = (seed.id ?? randomUUID()).toLowerCase();
    if (this.records.has(id)) throw new Error(`seedRoutine: a routine with id ${id} already exists`);
    const createdAt = seed.createdAt ?? iso();
    const record: RoutineRecord = {
      id,
      seq: ++this.seq,
      ownerId: (seed.ownerId ?? Ids.userId).toLowerCase(),
      name: seed.name,
      prompt: seed.prompt,
      description: seed.description ?? null,
      modelId: seed.modelId ?? Ids.modelId,
      branchId: seed.branchId ?? null,
      topicName: seed.topicName ?? null,
      schedule: seed.schedule ?? '0 9 ? * MON *',
      timezone: seed.timezone ?? 'UTC',
      destination: normalizeDestination(seed.destination ?? { type: 'email', recipientEmails: ['robin.admin@example.com'] }),
      disabled: seed.disabled ?? false,
      systemDisabled: seed.systemDisabled ?? false,
      systemDisabledReason: seed.systemDisabledReason ?? null,
      lastRun: seed.lastRun ? { ...seed.lastRun } : null,
      condition: seed.condition ? { ...seed.condition } : null,
      createdAt,
      updatedAt: seed.updatedAt ?? createdAt,
      deletedAt: null,
      createdBy: 'seed',
    };
    this.records.set(record.id, record);
    return record;
  }

  /** Any record, deleted ones included. */
  get(id: string): RoutineRecord | undefined {
    return this.records.get(id.toLowerCase());
  }

  /** A routine endpoints may show: undefined when unknown or deleted. */
  live(id: string): RoutineRecord | undefined {
    const record = this.get(id);
    return record && record.deletedAt === null ? record : undefined;
  }

  all(): RoutineRecord[] {
    return [...this.records.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Applies an update; returns true when a value changed (only then does updatedAt move). */
  update(record: RoutineRecord, change: ValidUpdate): boolean {
    let changed = false;
    for (const key of ['name', 'prompt', 'schedule', 'timezone', 'description'] as const) {
      const next = change[key];
      if (next !== undefined && next !== record[key]) {
        (record as unknown as Record<string, unknown>)[key] = next;
        changed = true;
      }
    }
    if (change.destination && JSON.stringify(change.destination) !== JSON.stringify(record.destination)) {
      record.destination = change.destination;
      changed = true;
    }
    if (changed) record.updatedAt = iso();
    return changed;
  }

  setStatus(record: RoutineRecord, change: RoutineStatusChange): void {
    if (change.disabled !== undefined) record.disabled = change.disabled;
    if (change.systemDisabled !== undefined) {
      record.systemDisabled = change.systemDisabled;
      if (!change.systemDisabled) record.systemDisabledReason = null;
    }
    if (change.systemDisabledReason !== undefined) record.systemDisabledReason = change.systemDisabledReason;
    record.updatedAt = iso();
  }

  delete(record: RoutineRecord): void {
    record.deletedAt = iso();
  }

  /** Routines that count against the quota: not deleted, not paused, not disabled by Omni. */
  activeCount(ownerId: string): number {
    let n = 0;
    for (const r of this.records.values()) {
      if (r.ownerId === ownerId && r.deletedAt === null && !r.disabled && !r.systemDisabled) n++;
    }
    return n;
  }

  /** One page of the owner's live routines; a string is the problem with the cursor. */
  list(ownerId: string, q: ListQuery): { records: RoutineRecord[]; pageInfo: PageInfo } | string {
    let after: Cursor | undefined;
    if (q.cursor !== undefined) {
      after = decodeCursor(q.cursor);
      if (!after) return 'cursor: Invalid cursor';
      if (after.f !== q.sortField || after.d !== q.direction) {
        return `cursor: The cursor was issued for sortField=${after.f}&sortDirection=${after.d}; pass the same sort`;
      }
    }
    const sign = q.direction === 'asc' ? 1 : -1;
    const compare = (ak: string, as: number, bk: string, bs: number) =>
      ((ak < bk ? -1 : ak > bk ? 1 : 0) || as - bs) * sign;
    const owned = [...this.records.values()]
      .filter((r) => r.ownerId === ownerId && r.deletedAt === null)
      .sort((a, b) => compare(a[q.sortField], a.seq, b[q.sortField], b.seq));
    const rest = after ? owned.filter((r) => compare(r[q.sortField], r.seq, after.k, after.s) > 0) : owned;
    const page = rest.slice(0, q.pageSize);
    const hasNextPage = rest.length > q.pageSize;
    const last = page[page.length - 1];
    return {
      records: page,
      pageInfo: {
        hasNextPage,
        nextCursor:
          hasNextPage && last ? encodeCursor({ f: q.sortField, d: q.direction, k: last[q.sortField], s: last.seq }) : null,
        pageSize: q.pageSize,
        totalRecords: owned.length,
      },
    };
  }

  body(record: RoutineRecord): RoutineResponse {
    const destination: RoutineDestination =
      record.destination.type === 'email'
        ? { type: 'email', recipientEmails: [...record.destination.recipientEmails], userGroupIds: [...record.destination.userGroupIds] }
        : { ...record.destination };
    return {
      id: record.id,
      name: record.name,
      prompt: record.prompt,
      description: record.description,
      modelId: record.modelId,
      branchId: record.branchId,
      topicName: record.topicName,
      schedule: record.schedule,
      timezone: record.timezone,
      destination,
      recipientCount: emailRecipients(record.destination).length,
      disabled: record.disabled,
      systemDisabled: record.systemDisabled,
      systemDisabledReason: record.systemDisabledReason,
      lastRun: record.lastRun ? { ...record.lastRun } : null,
      condition: record.condition ? { ...record.condition } : null,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }

  snapshot(record: RoutineRecord): EmulatedRoutine {
    return { ...this.body(record), ownerId: record.ownerId, deletedAt: record.deletedAt, createdBy: record.createdBy };
  }

  clear(): void {
    this.records.clear();
  }
}
