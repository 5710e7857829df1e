/** Representative outcomes for the report renderers. */
import type { CancelledOutcome, CompleteOutcome, FailedOutcome, TimeoutOutcome } from '../../src/job/outcome.js';
import type { QueryDigest } from '../../src/omni/result-digest.js';

const base = {
  request: {
    prompt: 'What were the top 5 products by revenue last quarter?',
    modelId: '8f2c1d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f',
    branchId: 'b1b2b3b4-0000-4000-8000-000000000001',
    branchName: 'feature/revenue-v2',
  },
  jobId: '550e8400-e29b-41d4-a716-446655440000',
  conversationId: '660e8400-e29b-41d4-a716-446655440001',
  omniChatUrl: 'https://acme.omniapp.co/chat/660e8400-e29b-41d4-a716-446655440001',
  timings: {
    createdAt: '2025-01-15T10:00:00.000Z',
    executionStartedAt: '2025-01-15T10:00:02.000Z',
    finishedAt: '2025-01-15T10:00:41.500Z',
    waitedMs: 41_700,
  },
  topicName: 'order_items',
};

export const topProducts: QueryDigest = {
  name: 'Top 5 Products by Revenue',
  status: 'success',
  totalRowCount: 5,
  truncatedByOmni: false,
  hasResults: true,
  csvHead: 'Name,Total Revenue\nRay-Ban Sunglasses,"678,994.41"\nLevi\'s 501,"512,003.10"\n"Nike ""Air"" Max","401,220.00"\nCasio F-91W,"98,441.75"\nUmbrella,"12,000.00"',
  csvHeadWasCut: false,
  fields: ['products.name', 'order_items.total_revenue'],
  query: { table: 'order_items', fields: ['products.name', 'order_items.total_revenue'], limit: 5 },
};

export const bigQuery: QueryDigest = {
  name: 'Revenue by day',
  status: 'success',
  totalRowCount: 12_345,
  truncatedByOmni: true,
  hasResults: true,
  csvHead: ['day,revenue', ...Array.from({ length: 100 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')},${1000 + i}`)].join('\n'),
  csvHeadWasCut: true,
  fields: ['order_items.created_date', 'order_items.total_revenue'],
};

export const failedQuery: QueryDigest = {
  name: 'Margin by category',
  status: 'error',
  totalRowCount: 0,
  truncatedByOmni: false,
  hasResults: false,
  csvHead: '',
  csvHeadWasCut: false,
  fields: [],
};

export const answer = [
  '### Top 5 Products by Revenue',
  '',
  '1. **Ray-Ban Sunglasses** – $678,994',
  '2. **Levi\'s 501** – $512,003',
  '',
  '| Product | Revenue |',
  '|---|---|',
  '| Ray-Ban | 678,994 |',
  '',
  '```sql',
  'SELECT name FROM products WHERE revenue > 1000',
  '```',
].join('\n');

export const complete: CompleteOutcome = {
  ...base,
  state: 'COMPLETE',
  resultSummary: answer,
  result: { message: answer, resultSummary: answer, topic: 'order_items', omniChatUrl: base.omniChatUrl, queries: [topProducts, bigQuery, failedQuery] },
  resultFile: '/home/runner/work/_temp/omni-ai-job/550e8400-result.json',
};

export const completeWithoutResult: CompleteOutcome = {
  ...base,
  request: { prompt: base.request.prompt, modelId: base.request.modelId },
  state: 'COMPLETE',
  resultSummary: 'Revenue grew **12%** quarter over quarter.',
  resultError: 'GET /jobs/550e8400/result answered 404 (result expired)',
};

export const failed: FailedOutcome = {
  ...base,
  state: 'FAILED',
  error: { message: "Column 'revenue' not found in table 'orders'", code: 'QUERY_EXECUTION_ERROR', detail: 'The query timed out after 300 seconds' },
};

export const timedOut: TimeoutOutcome = {
  ...base,
  request: { ...base.request, branchName: undefined as unknown as string },
  state: 'TIMEOUT',
  timeoutSeconds: 600,
  lastState: 'EXECUTING',
  cancelConfirmed: true,
  timings: { createdAt: base.timings.createdAt, executionStartedAt: base.timings.executionStartedAt, waitedMs: 600_000 },
};

export const timedOutUnconfirmed: TimeoutOutcome = { ...timedOut, lastState: 'QUEUED', cancelConfirmed: false };

export const cancelledByWorkflow: CancelledOutcome = {
  ...base,
  state: 'CANCELLED',
  cancelledBy: 'workflow',
  cancelledAt: '2025-01-15T10:00:20.000Z',
  timings: { createdAt: base.timings.createdAt, waitedMs: 20_000 },
};

export const cancelledInOmni: CancelledOutcome = { ...cancelledByWorkflow, cancelledBy: 'omni' };
