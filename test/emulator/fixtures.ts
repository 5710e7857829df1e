/**
 * The emulated organization: fixed ids and keys (so the sandbox prints the same values on every
 * machine and docs can quote them) and the model catalog that GET /api/v1/models lists.
 */
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
} as const;

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
