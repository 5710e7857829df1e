/**
 * Splitting a suite over the legs of a GitHub Actions matrix (`shard: 2/4`, read and checked with
 * the other inputs in action/input-helper.ts), and the share of the API key's budget each leg may
 * use. Pure.
 */
import type { SuiteCase } from './suite.js';

export interface ShardSpec {
  /** 1-based. */
  index: number;
  total: number;
}

/** The most legs a suite may be split over (the `shard` input's "at most"). */
export const MaxShards = 256;

/**
 * Which shard (1-based) each case belongs to. Cases that share a conversation go together (one
 * active job per conversation: two legs must not run them at once). Groups are dealt in file
 * order to the leg with the fewest cases so far (lowest index on ties), so legs differ by at most
 * one case when no conversation is shared, and every leg computes the same assignment from the
 * same file: every case runs in exactly one leg.
 */
export function assignShards(cases: readonly Pick<SuiteCase, 'id' | 'conversationId'>[], total: number): Map<string, number> {
  const groups = new Map<string, string[]>();
  for (const testCase of cases) {
    const key = testCase.conversationId ? `conversation:${testCase.conversationId}` : `case:${testCase.id}`;
    const group = groups.get(key);
    if (group) group.push(testCase.id);
    else groups.set(key, [testCase.id]);
  }
  const load = new Array<number>(total).fill(0);
  const assignment = new Map<string, number>();
  for (const ids of groups.values()) {
    let lightest = 0;
    for (let shard = 1; shard < total; shard++) if (load[shard]! < load[lightest]!) lightest = shard;
    load[lightest]! += ids.length;
    for (const id of ids) assignment.set(id, lightest + 1);
  }
  return assignment;
}

/** The cases of one leg, in file order; all cases without a shard. */
export function selectShard<T extends Pick<SuiteCase, 'id' | 'conversationId'>>(cases: readonly T[], shard: ShardSpec | undefined): T[] {
  if (!shard || shard.total === 1) return [...cases];
  const assignment = assignShards(cases, shard.total);
  return cases.filter((testCase) => assignment.get(testCase.id) === shard.index);
}

/**
 * Requests per minute one leg may use. The legs of a matrix run at the same time on the same API
 * key, so by default each takes an equal share of the key's budget, rounded down (never below 1):
 * 60/min over 4 legs is 15/min each. Rounding down keeps the sum within the key's limit.
 */
export function legRequestsPerMinute(requestsPerMinute: number, shard: ShardSpec | undefined): number {
  if (!shard) return requestsPerMinute;
  return Math.max(1, Math.floor(requestsPerMinute / shard.total));
}
