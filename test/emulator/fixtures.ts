/**
 * The emulated organization: fixed ids and keys (so the sandbox prints the same values on every
 * machine and docs can quote them), the model catalog that GET /api/v1/models lists, members and
 * user groups (routine recipients), and the sandbox's sample routines.
 */
import type { RoutineSeed } from './routine-types.js';
import type { EmulatorIds } from './types.js';

export const Keys = {
  org: 'omni_org_emulator_3f9a1c7e5b2d4608a1e0c9b7d5f3a1e2',
  personal: 'omni_pat_emulator_8c2e4a6b0d1f4e3a9b7c5d2e0f8a6c4b',
} as const;

export const Ids = {
  organizationId: '4a1f7c2e-9b3d-4e8a-b5c6-0d2e4f6a8b1c',
  userId: '7d3e9f1a-2b4c-4d6e-8f0a-1b3c5d7e9f2a',
  otherUserId: 'b2c4d6e8-f0a1-4b3c-9d5e-7f9a1b3c5d7e',
  /** Invited but has not accepted: not usable as `userId` (Omni answers 404 for it). */
  pendingUserId: 'c9e1a3b5-d7f9-4a2c-8e4b-6d8f0a2c4e6b',
  connectionId: '0e2a4c6e-8a0c-4e2a-9c6e-8a0c2e4a6c8e',
  otherConnectionId: '1f3b5d7f-9b1d-4f3b-8d7f-9b1d3f5b7d9f',
  ecommerceSchemaModelId: '2a4c6e80-a2c4-4e60-8a2c-4e6080a2c4e6',
  modelId: '3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7',
  branchId: '5d7f91b3-d5f7-4193-bd5f-7193b3d5f719',
  draftBranchId: '6e8002c4-e608-42a4-8e60-82a4c4e6082a',
  deletedBranchId: '7f9113d5-f719-43b5-9f71-93b5d5f7193b',
  marketingSchemaModelId: '8002a4e6-082a-44c6-a082-a4c6e6082a4c',
  otherModelId: '9113b5f7-193b-45d7-b193-b5d7f7193b5d',
  otherBranchId: 'a224c608-2a4c-46e8-82a4-c6e8082a4c6e',
  /** The key owner's user id (whoami `user.id`; distinct from the membership id `userId`). */
  userAccountId: 'd0e2f4a6-b8c0-4d2e-9f4a-6b8c0d2e4f6a',
  salesGroupId: 'e1f3a5b7-c9d1-4e3f-a5b7-c9d1e3f5a7b9',
  financeGroupId: 'f2a4b6c8-d0e2-4f4a-b6c8-d0e2f4a6b8c0',
} as const;

/** Members whose membership is active (usable as `?userId=`), with their current e-mail address. */
export const Members: ReadonlyMap<string, string> = new Map([
  [Ids.userId, 'robin.admin@example.com'],
  [Ids.otherUserId, 'casey.analyst@example.com'],
]);

export function isActiveMember(membershipId: string): boolean {
  return Members.has(membershipId.toLowerCase());
}

export interface UserGroup {
  id: string;
  name: string;
  /** E-mail addresses of the group's active members (what a routine delivery expands the group to). */
  memberEmails: string[];
}

/** User groups a routine's e-mail destination may name; Kim is in both. */
export const UserGroups: readonly UserGroup[] = [
  {
    id: Ids.salesGroupId,
    name: 'Sales leads',
    memberEmails: ['dana.lee@example.com', 'sam.ortiz@example.com', 'kim.nguyen@example.com'],
  },
  { id: Ids.financeGroupId, name: 'Finance', memberEmails: ['kim.nguyen@example.com', 'lee.park@example.com'] },
];

export function userGroup(id: string): UserGroup | undefined {
  return UserGroups.find((g) => g.id === id.toLowerCase());
}

export const BranchName = 'feature/net-revenue';

export function publicIds(topics: string[]): EmulatorIds {
  return {
    organizationId: Ids.organizationId,
    userId: Ids.userId,
    otherUserId: Ids.otherUserId,
    modelId: Ids.modelId,
    branchId: Ids.branchId,
    branchName: BranchName,
    otherModelId: Ids.otherModelId,
    otherBranchId: Ids.otherBranchId,
    topics,
    userGroups: UserGroups.map((g) => ({ id: g.id, name: g.name, memberEmails: [...g.memberEmails] })),
  };
}

export type ModelKind = 'SCHEMA' | 'SHARED' | 'SHARED_EXTENSION' | 'BRANCH' | 'WORKBOOK' | 'QUERY';
export const ModelKinds: readonly ModelKind[] = ['SCHEMA', 'SHARED', 'SHARED_EXTENSION', 'BRANCH', 'WORKBOOK', 'QUERY'];

export interface CatalogModel {
  id: string;
  name: string;
  modelKind: ModelKind;
  baseModelId: string | null;
  connectionId: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/**
 * `feature/net-revenue-draft` is the most recently updated record and its name contains the demo
 * branch's name, so a client that trusts `?name=` to match exactly (undocumented) picks the wrong one.
 */
export const Catalog: readonly CatalogModel[] = [
  {
    id: Ids.ecommerceSchemaModelId,
    name: 'ecommerce_warehouse',
    modelKind: 'SCHEMA',
    baseModelId: null,
    connectionId: Ids.connectionId,
    createdAt: '2025-01-06T09:00:00.000Z',
    updatedAt: '2025-01-06T09:00:00.000Z',
    deletedAt: null,
  },
  {
    id: Ids.modelId,
    name: 'Ecommerce',
    modelKind: 'SHARED',
    baseModelId: Ids.ecommerceSchemaModelId,
    connectionId: Ids.connectionId,
    createdAt: '2025-01-06T09:05:00.000Z',
    updatedAt: '2025-03-02T14:20:00.000Z',
    deletedAt: null,
  },
  {
    id: Ids.branchId,
    name: BranchName,
    modelKind: 'BRANCH',
    baseModelId: Ids.modelId,
    connectionId: Ids.connectionId,
    createdAt: '2025-03-03T10:00:00.000Z',
    updatedAt: '2025-03-04T16:45:00.000Z',
    deletedAt: null,
  },
  {
    id: Ids.draftBranchId,
    name: 'feature/net-revenue-draft',
    modelKind: 'BRANCH',
    baseModelId: Ids.modelId,
    connectionId: Ids.connectionId,
    createdAt: '2025-03-05T08:30:00.000Z',
    updatedAt: '2025-03-06T11:10:00.000Z',
    deletedAt: null,
  },
  {
    id: Ids.deletedBranchId,
    name: 'feature/old-experiment',
    modelKind: 'BRANCH',
    baseModelId: Ids.modelId,
    connectionId: Ids.connectionId,
    createdAt: '2025-02-01T12:00:00.000Z',
    updatedAt: '2025-02-10T12:00:00.000Z',
    deletedAt: '2025-02-10T12:00:00.000Z',
  },
  {
    id: Ids.marketingSchemaModelId,
    name: 'marketing_warehouse',
    modelKind: 'SCHEMA',
    baseModelId: null,
    connectionId: Ids.otherConnectionId,
    createdAt: '2025-01-08T09:00:00.000Z',
    updatedAt: '2025-01-08T09:00:00.000Z',
    deletedAt: null,
  },
  {
    id: Ids.otherModelId,
    name: 'Marketing',
    modelKind: 'SHARED',
    baseModelId: Ids.marketingSchemaModelId,
    connectionId: Ids.otherConnectionId,
    createdAt: '2025-01-08T09:05:00.000Z',
    updatedAt: '2025-02-20T09:30:00.000Z',
    deletedAt: null,
  },
  {
    id: Ids.otherBranchId,
    name: 'feature/attribution',
    modelKind: 'BRANCH',
    baseModelId: Ids.otherModelId,
    connectionId: Ids.otherConnectionId,
    createdAt: '2025-02-21T10:00:00.000Z',
    updatedAt: '2025-02-22T10:00:00.000Z',
    deletedAt: null,
  },
];

export function catalogModel(id: string): CatalogModel | undefined {
  return Catalog.find((m) => m.id === id);
}

/**
 * The routines `npm run sandbox` starts with (fixed ids, so they print the same everywhere): a
 * weekly e-mail with a user group, a weekday Slack post on the branch, and a paused monthly one.
 */
export const SampleRoutines: readonly RoutineSeed[] = [
  {
    id: '11e0a2c4-6e8a-4c2e-9a4c-6e8a0c2e4a61',
    name: 'Weekly revenue by region',
    prompt: 'revenue by region',
    description: 'Monday numbers for the sales leads.',
    schedule: '0 9 ? * MON *',
    timezone: 'America/New_York',
    destination: { type: 'email', recipientEmails: ['robin.admin@example.com'], userGroupIds: [Ids.salesGroupId] },
    lastRun: { completedAt: '2025-03-17T13:00:41.000Z', label: 'Delivered', state: 'COMPLETE' },
    createdAt: '2025-03-10T09:00:00.000Z',
  },
  {
    id: '22f1b3d5-7f9b-4d3f-8b5d-7f9b1d3f5b72',
    name: 'Top categories by net revenue',
    prompt: 'top 5 categories by revenue',
    branchId: Ids.branchId,
    topicName: 'order_items',
    schedule: '0 8 ? * MON-FRI *',
    timezone: 'Europe/Berlin',
    destination: { type: 'slack', recipientId: 'C0123456789', slackRecipientType: 'channel' },
    createdAt: '2025-03-12T08:00:00.000Z',
  },
  {
    id: '33a2c4e6-8a0c-4e4a-9c6e-8a0c2e4a6c83',
    name: 'Monthly customer count',
    prompt: 'how many customers',
    schedule: '0 7 1 * ? *',
    timezone: 'UTC',
    destination: { type: 'email', userGroupIds: [Ids.financeGroupId] },
    disabled: true,
    createdAt: '2025-03-15T07:00:00.000Z',
  },
];
