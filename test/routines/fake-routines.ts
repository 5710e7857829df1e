/** An in-memory Omni routines API for unit tests: records every call, faults on demand. */
import type { OmniRoutinesApi, RoutineCallOptions } from '../../src/omni/api.js';
import { OmniApiError } from '../../src/omni/errors.js';
import type { RoutineCreateBody, RoutineResponse, RoutinesListQuery, RoutinesListResponse, RoutineUpdateBody, WhoamiResponse } from '../../src/omni/types.js';

export type Fault = 'storeThenDrop' | 'dropBeforeStore' | { status: number; detail: string };

export class FakeRoutines implements OmniRoutinesApi {
  readonly routines: RoutineResponse[] = [];
  readonly calls: { method: string; id?: string; body?: unknown }[] = [];
  /** Faults for the next calls of a method, in order. */
  readonly faults: Record<'create' | 'update' | 'delete' | 'list', Fault[]> = { create: [], update: [], delete: [], list: [] };
  pageSize = 2;
  private next = 0;
  private clock = Date.parse('2026-03-01T00:00:00Z');

  seed(fields: Partial<RoutineResponse> & Pick<RoutineResponse, 'name' | 'prompt' | 'schedule'>): RoutineResponse {
    const routine: RoutineResponse = {
      id: `00000000-0000-4000-8000-${String(++this.next).padStart(12, '0')}`,
      description: null,
      modelId: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
      branchId: null,
      topicName: null,
      timezone: 'UTC',
      destination: { type: 'email', recipientEmails: ['a@acme.com'], userGroupIds: [] },
      recipientCount: 1,
      disabled: false,
      systemDisabled: false,
      systemDisabledReason: null,
      lastRun: null,
      condition: null,
      createdAt: this.stamp(),
      updatedAt: this.stamp(),
      ...fields,
    };
    this.routines.unshift(routine);
    return routine;
  }

  writes(): { method: string; id?: string; body?: unknown }[] {
    return this.calls.filter((call) => call.method !== 'list' && call.method !== 'whoami');
  }

  async listRoutines(query: RoutinesListQuery): Promise<RoutinesListResponse> {
    this.calls.push({ method: 'list', body: query });
    this.fault('list');
    const start = query.cursor ? Number(query.cursor) : 0;
    const size = Math.min(query.pageSize ?? 20, this.pageSize);
    const records = this.routines.slice(start, start + size);
    const more = start + size < this.routines.length;
    return { pageInfo: { hasNextPage: more, nextCursor: more ? String(start + size) : null, pageSize: size, totalRecords: this.routines.length }, records: structuredClone(records) };
  }

  async createRoutine(body: RoutineCreateBody, _options?: RoutineCallOptions): Promise<{ id: string }> {
    this.calls.push({ method: 'create', body });
    const fault = this.faults.create.shift();
    if (fault === 'dropBeforeStore') throw unclear('createRoutine');
    if (fault && typeof fault === 'object') throw new OmniApiError(`Omni answered ${fault.status}: ${fault.detail}`, 'createRoutine', fault.status, fault.detail);
    const { branchId, topicName, description, ...rest } = body;
    const routine = this.seed({ ...rest, branchId: branchId ?? null, topicName: topicName ?? null, description: description ?? null });
    if (fault === 'storeThenDrop') throw unclear('createRoutine');
    return { id: routine.id };
  }

  async updateRoutine(id: string, body: RoutineUpdateBody): Promise<RoutineResponse> {
    this.calls.push({ method: 'update', id, body });
    this.fault('update');
    const routine = this.routines.find((r) => r.id === id);
    if (!routine) throw new OmniApiError('not found', 'updateRoutine', 404);
    Object.assign(routine, body, { updatedAt: this.stamp() });
    return structuredClone(routine);
  }

  async deleteRoutine(id: string): Promise<{ deleted: boolean; id: string }> {
    this.calls.push({ method: 'delete', id });
    this.fault('delete');
    const index = this.routines.findIndex((r) => r.id === id);
    if (index === -1) throw new OmniApiError('not found', 'deleteRoutine', 404);
    this.routines.splice(index, 1);
    return { deleted: true, id };
  }

  async whoami(): Promise<WhoamiResponse> {
    this.calls.push({ method: 'whoami' });
    return { keyScope: 'organization', orgRole: 'ORG_ADMIN', user: { id: 'u', membershipId: 'm' }, rolesByModel: {} };
  }

  /** Every routine of the owner, all pages, as the mode lists them. */
  async listAll(): Promise<RoutineResponse[]> {
    const all: RoutineResponse[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listRoutines({ pageSize: 100, ...(cursor ? { cursor } : {}) });
      all.push(...page.records);
      cursor = page.pageInfo.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  private fault(method: 'update' | 'delete' | 'list'): void {
    const fault = this.faults[method].shift();
    if (fault && typeof fault === 'object') throw new OmniApiError(`Omni answered ${fault.status}: ${fault.detail}`, method === 'list' ? 'listRoutines' : method === 'update' ? 'updateRoutine' : 'deleteRoutine', fault.status, fault.detail);
  }

  private stamp(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }
}

function unclear(route: 'createRoutine'): OmniApiError {
  return new OmniApiError('The connection to Omni broke while creating the routine (ECONNRESET).', route, undefined, undefined, { outcomeUnknown: true });
}
