/** Every routine of the owner, all pages: the live state a plan is made against. */
import type { OmniRoutinesApi } from '../omni/api.js';
import type { RoutineResponse } from '../omni/types.js';

const PageSize = 100;
/** 100 pages of 100: far beyond Omni's per-user limit; stops a server that keeps answering `hasNextPage`. */
const MaxPages = 100;

export async function listAllRoutines(api: OmniRoutinesApi, options: { userId?: string; signal?: AbortSignal } = {}): Promise<RoutineResponse[]> {
  const byId = new Map<string, RoutineResponse>();
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MaxPages; page++) {
    const answer = await api.listRoutines(
      { pageSize: PageSize, ...(cursor ? { cursor } : {}), ...(options.userId ? { userId: options.userId } : {}) },
      options.signal ? { signal: options.signal } : {},
    );
    // A routine created while paging shifts the pages: seen twice, kept once.
    for (const routine of answer.records ?? []) byId.set(routine.id, routine);
    const next = answer.pageInfo?.hasNextPage ? answer.pageInfo.nextCursor : null;
    if (!next || seenCursors.has(next)) break;
    seenCursors.add(next);
    cursor = next;
  }
  return [...byId.values()];
}
