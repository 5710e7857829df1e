import type { CompleteOutcome, FailedOutcome, Outcome } from '../../../src/job/outcome.js';
import type { QueryDigest } from '../../../src/omni/result-digest.js';

const base = {
  request: { prompt: 'top 5 products by revenue', modelId: '3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7' },
  jobId: 'a0000000-0000-4000-8000-000000000001',
  conversationId: 'c0000000-0000-4000-8000-000000000001',
  omniChatUrl: 'https://demo.omni.co/chat/c0000000-0000-4000-8000-000000000001',
  timings: { waitedMs: 12_345 },
};

export function query(overrides: Partial<QueryDigest> = {}): QueryDigest {
  return {
    name: 'Top 5 Products by Total Revenue',
    status: 'success',
    totalRowCount: 3,
    truncatedByOmni: false,
    hasResults: true,
    csvHead: 'Product,Total Revenue\nSunglasses,"1,234.50"\nJeans,980\nBoots,$75',
    csvHeadWasCut: false,
    fields: ['products.name', 'order_items.total_revenue'],
    query: { fields: ['products.name', 'order_items.total_revenue'], table: 'order_items', sorts: [{ column_name: 'order_items.total_revenue', sort_descending: true }], filters: {}, limit: 5, modelId: 'x' },
    ...overrides,
  };
}

export function complete(answer = '### Top products\n\n1. **Sunglasses** — $1,234.50', queries: QueryDigest[] = [query()], overrides: Partial<CompleteOutcome> = {}): CompleteOutcome {
  return {
    ...base,
    state: 'COMPLETE',
    resultSummary: answer,
    topicName: 'order_items',
    result: { message: answer, topic: 'order_items', queries },
    ...overrides,
  };
}

export function failed(message = 'The AI could not find a matching field', overrides: Partial<FailedOutcome> = {}): FailedOutcome {
  return { ...base, state: 'FAILED', error: { message }, ...overrides };
}

export function timedOut(): Outcome {
  return { ...base, state: 'TIMEOUT', timeoutSeconds: 600, lastState: 'EXECUTING', cancelConfirmed: true };
}

export function cancelled(): Outcome {
  return { ...base, state: 'CANCELLED', cancelledBy: 'workflow' };
}
