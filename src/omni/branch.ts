/** Finds a branch's id from its name (the `branchName` input, e.g. `${{ github.head_ref }}`). */
import type { OmniApi } from './api.js';
import type { ModelRecord, ModelsListQuery } from './types.js';

/** Enough for any model's branches; stops a server that keeps answering `hasNextPage`. */
const MaxPages = 50;
const PageSize = 100;

export class BranchLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BranchLookupError';
  }
}

/**
 * Lists the model's branches through GET /v1/models (modelKind=BRANCH, baseModelId, name) and
 * keeps the live record whose name is exactly `branchName`. How Omni matches `name` is not
 * documented (exact, case-insensitive, substring), so the filter is applied here again, on every
 * page: `feature/x` must not resolve to `feature/x-draft`.
 */
export async function resolveBranchId(api: OmniApi, modelId: string, branchName: string, signal?: AbortSignal): Promise<string> {
  const matches: ModelRecord[] = [];
  const nearMisses = new Set<string>();
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MaxPages; page++) {
    const query: ModelsListQuery = { modelKind: 'BRANCH', baseModelId: modelId, name: branchName, pageSize: PageSize };
    if (cursor) query.cursor = cursor;
    const answer = await api.listModels(query, signal ? { signal } : {});
    for (const record of answer.records ?? []) {
      if (!isLiveBranchOf(record, modelId)) continue;
      if (record.name === branchName) matches.push(record);
      else if (record.name && record.name.trim().toLowerCase() === branchName.trim().toLowerCase()) nearMisses.add(record.name);
    }
    const next = answer.pageInfo?.hasNextPage ? answer.pageInfo.nextCursor : null;
    if (!next || seenCursors.has(next)) break;
    seenCursors.add(next);
    cursor = next;
  }

  const unique = [...new Map(matches.map((record) => [record.id, record])).values()];
  if (unique.length === 1) return unique[0]!.id;
  if (unique.length === 0) {
    const hint = nearMisses.size > 0 ? ` Names differ only in case or spaces: ${[...nearMisses].map((n) => `'${n}'`).join(', ')}.` : '';
    throw new BranchLookupError(
      `branchName: model ${modelId} has no branch named '${branchName}' in Omni.${hint} Check the name (Omni branch names are case-sensitive), or that the branch exists yet, or set branchId.`,
    );
  }
  throw new BranchLookupError(
    `branchName: model ${modelId} has ${unique.length} branches named '${branchName}' (${unique.map((r) => r.id).join(', ')}); set branchId to the one to use.`,
  );
}

function isLiveBranchOf(record: ModelRecord, modelId: string): boolean {
  // A server that ignores a filter must not let another model's branch (or a deleted one) through.
  if (record.modelKind !== null && record.modelKind !== undefined && record.modelKind !== 'BRANCH') return false;
  if (record.baseModelId !== null && record.baseModelId !== undefined && record.baseModelId !== modelId) return false;
  return !record.deletedAt;
}
