import { describe, expect, it } from 'vitest';
import type { OmniApi } from '../../src/omni/api.js';
import type { ModelRecord, ModelsListQuery, ModelsListResponse } from '../../src/omni/types.js';
import { BranchLookupError, resolveBranchId } from '../../src/omni/branch.js';

const Model = '3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7';
const OtherModel = '9113b5f7-193b-45d7-b193-b5d7f7193b5d';

function record(id: string, name: string, overrides: Partial<ModelRecord> = {}): ModelRecord {
  return { id, name, modelKind: 'BRANCH', baseModelId: Model, connectionId: null, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', deletedAt: null, ...overrides };
}

/** Answers listModels from pages of records; records every query. */
function modelsApi(pages: ModelRecord[][]): { api: OmniApi; queries: ModelsListQuery[] } {
  const queries: ModelsListQuery[] = [];
  const listModels = async (query: ModelsListQuery): Promise<ModelsListResponse> => {
    queries.push(query);
    const page = query.cursor ? Number(query.cursor) : 0;
    const hasNextPage = page + 1 < pages.length;
    return { pageInfo: { hasNextPage, nextCursor: hasNextPage ? String(page + 1) : null, pageSize: 100, totalRecords: pages.flat().length }, records: pages[page] ?? [] };
  };
  const unused = () => Promise.reject(new Error('not used'));
  return { api: { listModels, createJob: unused, getJob: unused, cancelJob: unused, downloadResult: unused }, queries };
}

describe('resolveBranchId', () => {
  it('asks for branches of the model by name, and keeps the exact match among near names', async () => {
    // A server that matches `name` as a substring returns the draft too.
    const { api, queries } = modelsApi([[record('draft', 'feature/net-revenue-draft'), record('right', 'feature/net-revenue')]]);
    await expect(resolveBranchId(api, Model, 'feature/net-revenue')).resolves.toBe('right');
    expect(queries).toEqual([{ modelKind: 'BRANCH', baseModelId: Model, name: 'feature/net-revenue', pageSize: 100 }]);
  });

  it('follows pagination to the match', async () => {
    const { api, queries } = modelsApi([[record('a', 'x-1')], [record('b', 'x-2')], [record('c', 'x')]]);
    await expect(resolveBranchId(api, Model, 'x')).resolves.toBe('c');
    expect(queries.map((q) => q.cursor)).toEqual([undefined, '1', '2']);
  });

  it('ignores deleted branches, branches of other models and other kinds of model (a server ignoring filters)', async () => {
    const { api } = modelsApi([
      [
        record('deleted', 'x', { deletedAt: '2025-02-01T00:00:00Z' }),
        record('other-model', 'x', { baseModelId: OtherModel }),
        record('shared', 'x', { modelKind: 'SHARED', baseModelId: null }),
        record('live', 'x'),
      ],
    ]);
    await expect(resolveBranchId(api, Model, 'x')).resolves.toBe('live');
  });

  it('fails clearly when no branch has the name, hinting at a difference in case', async () => {
    const { api } = modelsApi([[record('a', 'Feature/Net-Revenue')]]);
    const error = await resolveBranchId(api, Model, 'feature/net-revenue').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BranchLookupError);
    expect((error as Error).message).toBe(
      `branchName: model ${Model} has no branch named 'feature/net-revenue' in Omni. Names differ only in case or spaces: 'Feature/Net-Revenue'. Check the name (Omni branch names are case-sensitive), or that the branch exists yet, or set branchId.`,
    );
    const { api: empty } = modelsApi([[]]);
    await expect(resolveBranchId(empty, Model, 'x')).rejects.toThrow(`branchName: model ${Model} has no branch named 'x' in Omni. Check the name`);
  });

  it('fails clearly when several live branches have the name', async () => {
    const { api } = modelsApi([[record('one', 'x')], [record('two', 'x'), record('one', 'x')]]);
    await expect(resolveBranchId(api, Model, 'x')).rejects.toThrow(`branchName: model ${Model} has 2 branches named 'x' (one, two); set branchId to the one to use.`);
  });

  it('stops on a cursor it has seen (a server that never ends its pages)', async () => {
    const queries: ModelsListQuery[] = [];
    const api = {
      ...modelsApi([]).api,
      listModels: async (query: ModelsListQuery): Promise<ModelsListResponse> => {
        queries.push(query);
        return { pageInfo: { hasNextPage: true, nextCursor: 'same', pageSize: 1, totalRecords: 2 }, records: [record('b', 'x')] };
      },
    };
    await expect(resolveBranchId(api, Model, 'x')).resolves.toBe('b');
    expect(queries).toHaveLength(2);
  });
});
