import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ids } from './fixtures.js';
import { call } from './helpers.js';
import { startEmulator, type Emulator, type WhoamiResponse } from './index.js';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
});
afterAll(() => emu.close());

const whoami = (key: 'org' | 'personal' = 'org', query?: Record<string, string>) =>
  call<WhoamiResponse>(emu, 'GET', '/v1/whoami', { key, ...(query ? { query } : {}) });

describe('GET /api/v1/whoami', () => {
  it('names the organization key’s scope and its owner, whose membership id is the userId the API takes', async () => {
    const res = await whoami('org');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      keyScope: 'organization',
      orgRole: 'ORG_ADMIN',
      user: { id: Ids.userAccountId, membershipId: emu.ids.userId },
    });
    expect(res.body.user.id).not.toBe(res.body.user.membershipId);
    expect(res.body).not.toHaveProperty('rolesByModelTruncated');
  });

  it('answers user scope for the personal token of the same user', async () => {
    const res = await whoami('personal');
    expect(res.body).toMatchObject({ keyScope: 'user', orgRole: 'ORG_ADMIN', user: { membershipId: emu.ids.userId } });
  });

  it('lists a role with USE_AI and SCHEDULE on each schema and shared model, not on branches', async () => {
    const { rolesByModel } = (await whoami()).body;
    expect(Object.keys(rolesByModel).sort()).toEqual([Ids.ecommerceSchemaModelId, Ids.modelId, Ids.marketingSchemaModelId, Ids.otherModelId].sort());
    expect(rolesByModel[Ids.modelId]).toMatchObject({ connectionId: Ids.connectionId, roleName: 'CONNECTION_ADMIN' });
    expect(rolesByModel[Ids.otherModelId]?.connectionId).toBe(Ids.otherConnectionId);
    expect(rolesByModel[Ids.modelId]?.permissions).toEqual(expect.arrayContaining(['USE_AI', 'SCHEDULE', 'QUERY_TOPICS']));
  });

  it('filters rolesByModel with ?modelId= (one id or a comma-separated list)', async () => {
    expect(Object.keys((await whoami('org', { modelId: emu.ids.modelId })).body.rolesByModel)).toEqual([emu.ids.modelId]);
    const two = (await whoami('org', { modelId: `${emu.ids.otherModelId}, ${emu.ids.modelId.toUpperCase()}` })).body;
    expect(Object.keys(two.rolesByModel).sort()).toEqual([emu.ids.modelId, emu.ids.otherModelId].sort());
  });

  it.each([
    ['an unknown model', '770e8400-e29b-41d4-a716-446655440002'],
    ['a branch', Ids.branchId],
    ['something that is not an id', 'ecommerce'],
  ])('answers 404 for ?modelId= naming %s', async (_what, modelId) => {
    const res = await whoami('org', { modelId: `${emu.ids.modelId},${modelId}` });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: `Model(s) not found or not accessible: ${modelId.toLowerCase()}`, status: 404 });
  });

  it('answers 401 without a valid key', async () => {
    expect((await call(emu, 'GET', '/v1/whoami', { key: null })).status).toBe(401);
  });
});
