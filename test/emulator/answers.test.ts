import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerPrompt } from './answer.js';
import { dataset } from './dataset.js';
import { Ids } from './fixtures.js';
import { createJob, parseCsv, resultOf, runJob, waitForState } from './helpers.js';
import { startEmulator, type Emulator } from './index.js';
import { semanticModel } from './semantic-model.js';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false, timings: { queuedMs: 0, iterationMs: 2, iterations: 2, deliveringMs: 0 } });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

/** Revenue computed straight from the generated rows, independently of the semantic model. */
function expectedRevenue(include: (status: string) => boolean, category?: string): number {
  const orders = new Map(dataset.orders.map((o) => [o.id, o]));
  const products = new Map(dataset.products.map((p) => [p.id, p]));
  let cents = 0;
  for (const item of dataset.orderItems) {
    const order = orders.get(item.orderId)!;
    if (!include(order.status)) continue;
    if (category && products.get(item.productId)!.category !== category) continue;
    cents += item.quantity * item.salePriceCents;
  }
  return cents / 100;
}

function money(n: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

async function complete(prompt: string, extra: Record<string, unknown> = {}) {
  const { jobId } = await createJob(emu, { prompt, ...extra });
  const job = await waitForState(emu, jobId, 'COMPLETE', 'FAILED');
  expect(job.state, JSON.stringify(job.error)).toBe('COMPLETE');
  return { jobId, job, result: await resultOf(emu, jobId) };
}

describe('sample data', () => {
  it('is a few hundred deterministic rows', () => {
    expect(dataset.products).toHaveLength(24);
    expect(dataset.users).toHaveLength(80);
    expect(dataset.orders).toHaveLength(320);
    expect(dataset.orderItems.length).toBeGreaterThan(400);
    expect(dataset.orderItems.length).toBeLessThan(700);
    expect(new Set(dataset.orders.map((o) => o.status))).toEqual(new Set(['complete', 'shipped', 'processing', 'returned', 'cancelled']));
  });
});

describe('answers', () => {
  it('answers "top N <dimension> by <measure>" from the data, as a query, CSV and Markdown', async () => {
    const { result, job } = await complete('What are the top 5 products by revenue?');
    expect(result.topic).toBe('order_items');
    expect(job.answerTopic).toBe('order_items');
    expect(result.omniChatUrl).toBe(job.omniChatUrl);
    expect(result.actions.map((a) => a.type)).toEqual(['generate_query', 'summarize']);
    const query = result.actions[0]!.result!;
    expect(query).toMatchObject({
      queryName: 'Top 5 Products by Total Revenue',
      status: 'success',
      csvResultWasTruncated: false,
      hasResults: true,
      totalRowCount: 5,
    });
    expect(query.query).toEqual({
      modelId: Ids.modelId,
      table: 'order_items',
      fields: ['products.name', 'order_items.total_revenue'],
      sorts: [{ column_name: 'order_items.total_revenue', sort_descending: true }],
      filters: {},
      limit: 5,
      pivots: [],
      join_paths_from_topic_name: 'order_items',
    });
    const rows = parseCsv(query.csvResult);
    expect(rows[0]).toEqual(['Product', 'Total Revenue']);
    const values = rows.slice(1).map((r) => Number(r[1]!.replace(/,/g, '')));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(result.message).toBe(result.resultSummary);
    expect(result.resultSummary).toBe(job.resultSummary);
    expect(result.resultSummary).toContain(`1. **${rows[1]![0]}** — $${rows[1]![1]}`);
  });

  it('computes "total <measure>" from the rows (not canned)', async () => {
    const { result } = await complete('total revenue');
    const total = expectedRevenue(() => true);
    expect(result.actions[0]!.result!.csvResult).toBe(`Total Revenue\n"${money(total)}"`);
    expect(result.resultSummary).toContain(`**$${money(total)}**`);
  });

  it('quotes CSV values with commas and quotes', async () => {
    const { result } = await complete('top 24 products by units sold');
    const csv = result.actions[0]!.result!.csvResult;
    expect(csv).toContain('"Smartwool Hiking Socks, 3-Pack",');
    expect(csv).toContain('"Dr. Martens 1460 ""Smooth"" Boots",');
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(25);
    expect(rows.every((r) => r.length === 2)).toBe(true);
    expect(rows.map((r) => r[0])).toContain('Smartwool Hiking Socks, 3-Pack');
  });

  it('answers "<measure> by <dimension>" with a filter, time dimensions sorted by time', async () => {
    const { result } = await complete('Monthly revenue for Jeans');
    const query = result.actions[0]!.result!;
    expect(query.query.fields).toEqual(['orders.created_at[month]', 'order_items.total_revenue']);
    expect(query.query.filters).toEqual({ 'products.category': 'Jeans' });
    const rows = parseCsv(query.csvResult).slice(1);
    expect(rows.map((r) => r[0])).toEqual([...rows.map((r) => r[0])].sort());
    const sum = rows.reduce((n, r) => n + Number(r[1]!.replace(/,/g, '')), 0);
    expect(sum).toBeCloseTo(expectedRevenue(() => true, 'Jeans'), 2);
  });

  it('answers "how many <things>" with a status filter', async () => {
    const { result } = await complete('How many orders were returned?');
    const returned = dataset.orders.filter((o) => o.status === 'returned').length;
    expect(result.actions[0]!.result!.csvResult).toBe(`Order Count\n${returned}`);
  });

  it.each([
    ['sales by region', 'users.region', 'order_items.total_revenue'],
    ['number of customers per state', 'users.state', 'users.count'],
    ['units sold by brand', 'products.brand', 'order_items.total_quantity'],
    ['average order value by quarter', 'orders.created_at[quarter]', 'order_items.average_order_value'],
    ['orders by status', 'orders.status', 'orders.count'],
    ['bottom 3 categories by order count', 'products.category', 'orders.count'],
  ])('maps "%s"', async (prompt, dimension, measure) => {
    const { result } = await complete(prompt);
    expect(result.actions[0]!.result!.query.fields).toEqual([dimension, measure]);
  });

  it('ends FAILED with QUERY_GENERATION_ERROR naming the known fields for a prompt it cannot map', async () => {
    const status = await runJob(emu, { prompt: 'What is the weather in Paris?' });
    expect(status.state).toBe('FAILED');
    const error = status.error as { message: string; code: string; detail: string };
    expect(error.code).toBe('QUERY_GENERATION_ERROR');
    expect(error.message).toMatch(/^Could not find a measure matching "weather" in model Ecommerce\./);
    expect(error.message).toContain('Known measures: Total Revenue (revenue)');
    expect(error.message).toContain('Category (category)');
    expect(error.detail).toContain('top N <dimension> by <measure>');
    expect(status.completedAt).toBeDefined();
    expect(status.executionStartedAt).toBeDefined();
  });

  it('scopes the vocabulary to the requested topic', async () => {
    const failed = await runJob(emu, { prompt: 'revenue by region', topicName: 'customers' });
    expect(failed.state).toBe('FAILED');
    expect((failed.error as { message: string }).message).toMatch(/^Could not find a measure matching "revenue" in topic customers\./);

    const { result } = await complete('customers by region', { topicName: 'customers' });
    expect(result.topic).toBe('customers');
    expect(result.actions[0]!.result!.query.join_paths_from_topic_name).toBe('customers');
    const total = parseCsv(result.actions[0]!.result!.csvResult)
      .slice(1)
      .reduce((n, r) => n + Number(r[1]), 0);
    expect(total).toBe(dataset.users.length);
  });

  it('answers on the other model with its own vocabulary', async () => {
    const { result } = await complete('spend by channel', { modelId: Ids.otherModelId });
    expect(result.topic).toBe('campaigns');
    expect(parseCsv(result.actions[0]!.result!.csvResult).slice(1)).toHaveLength(4);
  });
});

describe('branch feature/net-revenue', () => {
  it('answers the same prompt differently: revenue excludes returned and cancelled orders', async () => {
    const shared = await complete('total revenue');
    const branch = await complete('total revenue', { branchId: Ids.branchId });
    const gross = expectedRevenue(() => true);
    const net = expectedRevenue((s) => s !== 'returned' && s !== 'cancelled');
    expect(net).toBeLessThan(gross);
    expect(shared.result.actions[0]!.result!.csvResult).toBe(`Total Revenue\n"${money(gross)}"`);
    expect(branch.result.actions[0]!.result!.csvResult).toBe(`Total Revenue\n"${money(net)}"`);
    expect(branch.result.resultSummary).toContain('excludes returned and cancelled orders');
    expect(branch.result.resultSummary).toContain('branch `feature/net-revenue`');
    expect((await runJob(emu, { prompt: 'total revenue', branchId: Ids.branchId })).branchId).toBe(Ids.branchId);
  });

  it('has a margin measure that the shared model lacks', async () => {
    const shared = await runJob(emu, { prompt: 'top 3 categories by margin' });
    expect(shared.state).toBe('FAILED');
    expect((shared.error as { message: string }).message).toMatch(/^Could not find a measure matching "margin" in model Ecommerce\./);

    const { result } = await complete('top 3 categories by margin', { branchId: Ids.branchId });
    expect(result.actions[0]!.result!.query.fields).toEqual(['products.category', 'order_items.margin']);
    expect(result.resultSummary).toContain('Gross Margin is new on branch feature/net-revenue');
  });

  it('leaves other branches of the model answering like the shared model', async () => {
    const shared = await complete('total revenue');
    const draft = await complete('total revenue', { branchId: Ids.draftBranchId });
    expect(draft.result.actions[0]!.result!.csvResult).toBe(shared.result.actions[0]!.result!.csvResult);
  });
});

describe('prompt grammar (no HTTP)', () => {
  const shared = semanticModel(Ids.modelId, null)!;
  const fields = (prompt: string) => {
    const answer = answerPrompt(shared, prompt, null);
    return answer.ok ? [answer.plan.shape, ...answer.query.fields as string[], answer.plan.limit] : [answer.error.message.slice(0, 60)];
  };

  it.each([
    ['Top 10 customers by sales', ['top', 'users.full_name', 'order_items.total_revenue', 10]],
    ['top three brands by revenue', ['top', 'products.brand', 'order_items.total_revenue', 3]],
    ['Which are the top products?', ['top', 'products.name', 'order_items.total_revenue', 5]],
    ['Show me revenue broken down by category, please', ['grouped', 'products.category', 'order_items.total_revenue', undefined]],
    ['revenue and units by region', ['grouped', 'users.region', 'order_items.total_revenue', 'order_items.total_quantity', undefined]],
    ['quarterly orders', ['grouped', 'orders.created_at[quarter]', 'orders.count', undefined]],
    ['Total sales in the West region', ['total', 'order_items.total_revenue', undefined]],
    ['how many customers do we have', ['total', 'users.count', undefined]],
    ['revenue trend', ['grouped', 'orders.created_at[month]', 'order_items.total_revenue', undefined]],
    ['revenue in March', ['total', 'order_items.total_revenue', undefined]],
  ])('%s', (prompt, expected) => {
    expect(fields(prompt)).toEqual(expected);
  });

  it.each([
    ['revenue by colour', 'Could not find a dimension matching "colour" in model Ecommerce'],
    ['revenue for Narnia', 'Could not match "narnia" to a value of any dimension in model Ecommerce'],
    ['top 5 colours by revenue', 'Could not find a dimension matching "colours"'],
    ['what is the weather in Paris', 'Could not find a measure matching "weather"'],
    ['margin by category', 'Could not find a measure matching "margin"'],
  ])('explains "%s"', (prompt, message) => {
    const answer = answerPrompt(shared, prompt, null);
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.message).toContain(message);
  });
});
