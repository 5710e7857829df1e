import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignShards, legRequestsPerMinute, selectShard } from '../../src/suite/shard.js';

const cases = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `case-${i}` }));

describe('selectShard', () => {
  it('runs every case in exactly one leg, legs differing by at most one case', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 20 }), (count, total) => {
        const all = cases(count);
        const legs = Array.from({ length: total }, (_, i) => selectShard(all, { index: i + 1, total }));
        const ran = legs.flat().map((c) => c.id);
        expect(ran.sort()).toEqual(all.map((c) => c.id).sort());
        const sizes = legs.map((leg) => leg.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is deterministic: every leg computes the same split from the same file, keeping file order', () => {
    const all = cases(10);
    expect(selectShard(all, { index: 2, total: 3 }).map((c) => c.id)).toEqual(['case-1', 'case-4', 'case-7']);
    expect(selectShard([...all], { index: 2, total: 3 })).toEqual(selectShard(all, { index: 2, total: 3 }));
    expect(selectShard(all, undefined)).toEqual(all);
  });

  it('keeps the cases of one conversation in one leg', () => {
    const conversation = '11111111-1111-4111-8111-111111111111';
    const all: { id: string; conversationId?: string }[] = cases(12).map((c, i) => (i % 4 === 0 ? { ...c, conversationId: conversation } : c));
    const assignment = assignShards(all, 4);
    const legsOfConversation = new Set(all.filter((c) => c.conversationId).map((c) => assignment.get(c.id)));
    expect(legsOfConversation.size).toBe(1);
    fc.assert(
      fc.property(fc.array(fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }), { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (conversations, total) => {
        const withConversations = conversations.map((conversationId, i) => ({ id: `c${i}`, ...(conversationId ? { conversationId } : {}) }));
        const split = assignShards(withConversations, total);
        for (const name of ['a', 'b', 'c']) {
          expect(new Set(withConversations.filter((c) => c.conversationId === name).map((c) => split.get(c.id))).size).toBeLessThanOrEqual(1);
        }
        expect(split.size).toBe(withConversations.length);
      }),
    );
  });
});

describe('legRequestsPerMinute', () => {
  it("gives each leg an equal share of the key's budget, rounded down, at least 1", () => {
    expect(legRequestsPerMinute(60, undefined)).toBe(60);
    expect(legRequestsPerMinute(60, { index: 1, total: 4 })).toBe(15);
    expect(legRequestsPerMinute(60, { index: 1, total: 7 })).toBe(8);
    expect(legRequestsPerMinute(500, { index: 3, total: 3 })).toBe(166);
    expect(legRequestsPerMinute(2, { index: 1, total: 4 })).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 256 }), (rpm, total) => {
        const share = legRequestsPerMinute(rpm, { index: 1, total });
        if (total <= rpm) expect(share * total).toBeLessThanOrEqual(rpm);
        expect(share).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});
