import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog, Ids } from './fixtures.js';
import { call } from './helpers.js';
import { startEmulator, type Emulator } from './index.js';

interface ModelsPage {
  pageInfo: { hasNextPage: boolean; nextCursor: string | null; pageSize: number; totalRecords: number };
  records: { id: string; name: string; modelKind: string; baseModelId: string | null; deletedAt: string | null; branches?: { id: string; name: string }[] }[];
}

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
});
afterAll(() => emu.close());

const list = (query: Record<string, string> = {}) => call<ModelsPage>(emu, 'GET', '/v1/models', { query });

describe('GET /api/v1/models', () => {
  it('lists live models, newest update first, 20 per page', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    const live = Catalog.filter((m) => m.deletedAt === null);
    expect(res.body.pageInfo).toEqual({ hasNextPage: false, nextCursor: null, pageSize: 20, totalRecords: live.length });
    const updated = res.body.records.map((r) => (r as unknown as { updatedAt: string }).updatedAt);
    expect(updated).toEqual([...updated].sort().reverse());
    expect(res.body.records[0]!.name).toBe('feature/net-revenue-draft');
    expect(res.body.records.every((r) => r.branches === undefined)).toBe(true);
  });

  it('filters by modelKind and name', async () => {
    const shared = await list({ modelKind: 'SHARED', name: 'Ecommerce' });
    expect(shared.body.records.map((r) => r.id)).toEqual([Ids.modelId]);
  });

  it('finds a branch by base model and name (substring, case-insensitive: the client must match exactly)', async () => {
    const res = await list({ modelKind: 'BRANCH', baseModelId: Ids.modelId, name: 'Feature/Net-Revenue' });
    expect(res.body.records.map((r) => r.name)).toEqual(['feature/net-revenue-draft', 'feature/net-revenue']);
    expect(res.body.records.find((r) => r.name === 'feature/net-revenue')!.id).toBe(Ids.branchId);
  });

  it('lists active branches with include=activeBranches, only on shared models', async () => {
    const res = await list({ modelId: Ids.modelId, include: 'activeBranches' });
    expect(res.body.records).toHaveLength(1);
    expect(res.body.records[0]!.branches).toEqual([
      { id: Ids.branchId, name: 'feature/net-revenue' },
      { id: Ids.draftBranchId, name: 'feature/net-revenue-draft' },
    ]);
    const all = await list({ include: 'activeBranches' });
    for (const record of all.body.records) {
      if (record.modelKind !== 'SHARED') expect(record.branches).toEqual([]);
    }
  });

  it('includes deleted models only when asked', async () => {
    const without = await list({ baseModelId: Ids.modelId, modelKind: 'BRANCH' });
    expect(without.body.records.map((r) => r.id)).not.toContain(Ids.deletedBranchId);
    const withDeleted = await list({ baseModelId: Ids.modelId, modelKind: 'BRANCH', includeDeleted: 'true' });
    const deleted = withDeleted.body.records.find((r) => r.id === Ids.deletedBranchId);
    expect(deleted?.deletedAt).not.toBeNull();
  });

  it('pages with cursor and pageSize, each record exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: ModelsPage } = await list({ pageSize: '3', ...(cursor ? { cursor } : {}) });
      expect(res.body.pageInfo.pageSize).toBe(3);
      expect(res.body.records.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.records.map((r) => r.id));
      cursor = res.body.pageInfo.nextCursor;
      expect(res.body.pageInfo.hasNextPage).toBe(cursor !== null);
      pages++;
    } while (cursor);
    const live = Catalog.filter((m) => m.deletedAt === null).map((m) => m.id);
    expect(pages).toBe(Math.ceil(live.length / 3));
    expect([...seen].sort()).toEqual([...live].sort());
  });

  it('sorts by a field in either direction', async () => {
    const res = await list({ sortField: 'name', sortDirection: 'asc' });
    const names = res.body.records.map((r) => r.name);
    expect(names).toEqual([...names].sort());
  });

  it.each([
    [{ modelKind: 'TABLE' }, /modelKind: Invalid enum value/],
    [{ pageSize: '0' }, /pageSize: Number must be greater than 0/],
    [{ pageSize: 'ten' }, /pageSize/],
    [{ cursor: 'garbage' }, /cursor: Invalid cursor/],
    [{ baseModelId: 'nope' }, /baseModelId: Invalid uuid/],
    [{ sortField: 'size' }, /sortField/],
  ])('answers 400 for %j', async (query, detail) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, detail: expect.stringMatching(detail) });
  });
});

describe('GET /api/v1/models/{modelId}/topic', () => {
  const topics = (modelId: string, query: Record<string, string> = {}) =>
    call<{ success: boolean; topics: { name: string; base_view_name: string }[] }>(emu, 'GET', `/v1/models/${modelId}/topic`, { query });

  it('lists the topics of the shared model and of its branch', async () => {
    const res = await topics(Ids.modelId);
    expect(res.body.success).toBe(true);
    expect(res.body.topics.map((t) => [t.name, t.base_view_name])).toEqual([
      ['order_items', 'order_items'],
      ['customers', 'users'],
    ]);
    expect(res.body.topics.map((t) => t.name)).toEqual(emu.ids.topics);
    expect((await topics(Ids.modelId, { branch_id: Ids.branchId })).status).toBe(200);
    expect((await topics(Ids.branchId)).body.topics.map((t) => t.name)).toEqual(emu.ids.topics);
  });

  it('lists the other model’s topics and none for a schema model', async () => {
    expect((await topics(Ids.otherModelId)).body.topics.map((t) => t.name)).toEqual(['campaigns']);
    expect((await topics(Ids.ecommerceSchemaModelId)).body.topics).toEqual([]);
  });

  it('answers 404 for an unknown model or a branch of another model, 400 for a bad uuid', async () => {
    expect((await topics('12345678-1234-4234-8234-123456789abc')).status).toBe(404);
    const wrongBranch = await topics(Ids.modelId, { branch_id: Ids.otherBranchId });
    expect(wrongBranch.status).toBe(404);
    expect(wrongBranch.body).toMatchObject({ detail: `Branch ${Ids.otherBranchId} not found for model ${Ids.modelId}` });
    expect((await topics('ecommerce')).status).toBe(400);
    expect((await topics(Ids.modelId, { branch_id: 'main' })).status).toBe(400);
  });
});

describe('fixtures', () => {
  it('uses valid uuids everywhere', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const [name, id] of Object.entries(Ids)) expect(id, name).toMatch(uuid);
    expect(new Set(Object.values(Ids)).size).toBe(Object.values(Ids).length);
  });
});
