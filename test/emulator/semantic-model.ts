/**
 * The emulated semantic models: views' dimensions and measures, topics (which views a question may
 * join), and the branch `feature/net-revenue`, which redefines revenue and adds a margin measure so
 * the same prompt answers differently on the branch and on the shared model.
 */
import { campaignRows, customerRows, orderItemRows, type Row } from './dataset.js';
import { BranchName, Catalog, Ids, catalogModel } from './fixtures.js';

export type ValueFormat = 'currency' | 'integer';

export interface DimensionDef {
  /** Field name as Omni writes it, e.g. `products.category` or `orders.created_at[month]`. */
  name: string;
  view: string;
  label: string;
  /** Words a prompt may use for it (lower case, singular and plural). */
  synonyms: string[];
  time: boolean;
  value(row: Row): string | null;
}

export interface MeasureDef {
  name: string;
  view: string;
  label: string;
  synonyms: string[];
  format: ValueFormat;
  /** An additive measure can be shown as a share of the total. */
  additive: boolean;
  description: string;
  /** Shown under answers that use the measure (how this definition differs). */
  note?: string;
  aggregate(rows: readonly Row[]): number | null;
}

export interface TopicDef {
  name: string;
  label: string;
  description: string;
  baseView: string;
  views: string[];
  rows(): readonly Row[];
}

export interface SemanticModel {
  /** The shared model's id (also for branches). */
  modelId: string;
  modelName: string;
  branchId: string | null;
  branchName: string | null;
  topics: TopicDef[];
  dimensions: DimensionDef[];
  measures: MeasureDef[];
}

function num(row: Row, key: string): number {
  const v = row[key];
  return typeof v === 'number' ? v : 0;
}

function distinct(rows: readonly Row[], key: string): number {
  const seen = new Set<string | number>();
  for (const row of rows) {
    const v = row[key];
    if (v !== null && v !== undefined) seen.add(v);
  }
  return seen.size;
}

function text(key: string): (row: Row) => string | null {
  return (row) => {
    const v = row[key];
    return v === null || v === undefined ? null : String(v);
  };
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

// ---------------------------------------------------------------- Ecommerce

const excludedFromNetRevenue = new Set(['returned', 'cancelled']);

function isItem(row: Row): boolean {
  return row['order_items.id'] !== null && row['order_items.id'] !== undefined;
}

function revenueCents(rows: readonly Row[], netOnly: boolean): number {
  let cents = 0;
  for (const row of rows) {
    if (!isItem(row)) continue;
    if (netOnly && excludedFromNetRevenue.has(String(row['orders.status']))) continue;
    cents += num(row, 'order_items.quantity') * num(row, 'order_items.sale_price_cents');
  }
  return cents;
}

function ordersWithItems(rows: readonly Row[], netOnly: boolean): number {
  return distinct(
    rows.filter((r) => isItem(r) && !(netOnly && excludedFromNetRevenue.has(String(r['orders.status'])))),
    'orders.id',
  );
}

const ecommerceDimensions: DimensionDef[] = [
  {
    name: 'products.name',
    view: 'products',
    label: 'Product',
    synonyms: ['product', 'products', 'product name', 'product names', 'item', 'items'],
    time: false,
    value: text('products.name'),
  },
  {
    name: 'products.category',
    view: 'products',
    label: 'Category',
    synonyms: ['category', 'categories', 'product category', 'product categories'],
    time: false,
    value: text('products.category'),
  },
  {
    name: 'products.brand',
    view: 'products',
    label: 'Brand',
    synonyms: ['brand', 'brands', 'product brand', 'product brands'],
    time: false,
    value: text('products.brand'),
  },
  {
    name: 'users.region',
    view: 'users',
    label: 'Region',
    synonyms: ['region', 'regions', 'customer region'],
    time: false,
    value: text('users.region'),
  },
  {
    name: 'users.state',
    view: 'users',
    label: 'State',
    synonyms: ['state', 'states', 'customer state'],
    time: false,
    value: text('users.state'),
  },
  {
    name: 'users.full_name',
    view: 'users',
    label: 'Customer',
    synonyms: ['customer', 'customers', 'customer name', 'user', 'users', 'buyer', 'buyers'],
    time: false,
    value: text('users.full_name'),
  },
  {
    name: 'orders.status',
    view: 'orders',
    label: 'Order Status',
    synonyms: ['status', 'statuses', 'order status', 'order statuses'],
    time: false,
    value: text('orders.status'),
  },
  {
    name: 'orders.created_at[month]',
    view: 'orders',
    label: 'Order Month',
    synonyms: ['month', 'months', 'order month', 'created month'],
    time: true,
    value: (row) => {
      const v = row['orders.created_at'];
      return typeof v === 'string' ? v.slice(0, 7) : null;
    },
  },
  {
    name: 'orders.created_at[quarter]',
    view: 'orders',
    label: 'Order Quarter',
    synonyms: ['quarter', 'quarters', 'order quarter'],
    time: true,
    value: (row) => {
      const v = row['orders.created_at'];
      if (typeof v !== 'string') return null;
      return `${v.slice(0, 4)}-Q${Math.floor((Number(v.slice(5, 7)) - 1) / 3) + 1}`;
    },
  },
];

function ecommerceMeasures(netRevenue: boolean): MeasureDef[] {
  const revenueNote = netRevenue
    ? `Total Revenue on branch ${BranchName} excludes returned and cancelled orders.`
    : undefined;
  const measures: MeasureDef[] = [
    {
      name: 'order_items.total_revenue',
      view: 'order_items',
      label: 'Total Revenue',
      synonyms: [
        'revenue',
        'total revenue',
        'sales',
        'total sales',
        'sales revenue',
        'gross sales',
        ...(netRevenue ? ['net revenue', 'net sales'] : ['gross revenue']),
      ],
      format: 'currency',
      additive: true,
      description: netRevenue
        ? 'Sale price × quantity, excluding returned and cancelled orders'
        : 'Sale price × quantity over all orders',
      ...(revenueNote ? { note: revenueNote } : {}),
      aggregate: (rows) => revenueCents(rows, netRevenue) / 100,
    },
    {
      name: 'orders.count',
      view: 'orders',
      label: 'Order Count',
      synonyms: ['orders', 'order count', 'number of orders', 'order volume', 'count of orders'],
      format: 'integer',
      additive: true,
      description: 'Distinct orders',
      aggregate: (rows) => distinct(rows, 'orders.id'),
    },
    {
      name: 'order_items.total_quantity',
      view: 'order_items',
      label: 'Units Sold',
      synonyms: ['units', 'units sold', 'quantity', 'total quantity', 'items', 'items sold', 'quantity sold'],
      format: 'integer',
      additive: true,
      description: 'Sum of item quantities',
      aggregate: (rows) => rows.reduce((n, r) => n + (isItem(r) ? num(r, 'order_items.quantity') : 0), 0),
    },
    {
      name: 'order_items.average_order_value',
      view: 'order_items',
      label: 'Average Order Value',
      synonyms: ['average order value', 'aov', 'average order', 'avg order value', 'average order size'],
      format: 'currency',
      additive: false,
      description: 'Total Revenue ÷ orders',
      ...(revenueNote ? { note: 'Average Order Value uses the branch definition of Total Revenue.' } : {}),
      aggregate: (rows) => {
        const orders = ordersWithItems(rows, netRevenue);
        return orders === 0 ? null : Math.round(revenueCents(rows, netRevenue) / orders) / 100;
      },
    },
    {
      name: 'users.count',
      view: 'users',
      label: 'Customer Count',
      synonyms: ['customers', 'customer count', 'number of customers', 'users', 'user count', 'buyers'],
      format: 'integer',
      additive: false,
      description: 'Distinct customers',
      aggregate: (rows) => distinct(rows, 'users.id'),
    },
    {
      name: 'products.count',
      view: 'products',
      label: 'Product Count',
      synonyms: ['products', 'product count', 'number of products', 'distinct products'],
      format: 'integer',
      additive: false,
      description: 'Distinct products',
      aggregate: (rows) => distinct(rows, 'products.id'),
    },
  ];
  if (netRevenue) {
    measures.push({
      name: 'order_items.margin',
      view: 'order_items',
      label: 'Gross Margin',
      synonyms: ['margin', 'margins', 'gross margin', 'profit', 'gross profit', 'total margin'],
      format: 'currency',
      additive: true,
      description: '(Sale price − product cost) × quantity, excluding returned and cancelled orders',
      note: `Gross Margin is new on branch ${BranchName}: (sale price − cost) × quantity, excluding returned and cancelled orders.`,
      aggregate: (rows) => {
        let cents = 0;
        for (const row of rows) {
          if (!isItem(row) || excludedFromNetRevenue.has(String(row['orders.status']))) continue;
          cents +=
            num(row, 'order_items.quantity') *
            (num(row, 'order_items.sale_price_cents') - num(row, 'products.cost_cents'));
        }
        return cents / 100;
      },
    });
  }
  return measures;
}

const ecommerceTopics: TopicDef[] = [
  {
    name: 'order_items',
    label: 'Order Items',
    description: 'Every item sold, with its order, product and customer.',
    baseView: 'order_items',
    views: ['order_items', 'orders', 'products', 'users'],
    rows: lazy(() => orderItemRows()),
  },
  {
    name: 'customers',
    label: 'Customers',
    description: 'Customers and their orders (no product or revenue detail).',
    baseView: 'users',
    views: ['users', 'orders'],
    rows: lazy(() => customerRows()),
  },
];

// ---------------------------------------------------------------- Marketing

const marketingDimensions: DimensionDef[] = [
  {
    name: 'campaigns.channel',
    view: 'campaigns',
    label: 'Channel',
    synonyms: ['channel', 'channels', 'marketing channel', 'marketing channels'],
    time: false,
    value: text('campaigns.channel'),
  },
  {
    name: 'campaigns.name',
    view: 'campaigns',
    label: 'Campaign',
    synonyms: ['campaign', 'campaigns', 'campaign name'],
    time: false,
    value: text('campaigns.name'),
  },
  {
    name: 'campaigns.month',
    view: 'campaigns',
    label: 'Month',
    synonyms: ['month', 'months'],
    time: true,
    value: text('campaigns.month'),
  },
];

const marketingMeasures: MeasureDef[] = [
  {
    name: 'campaigns.total_spend',
    view: 'campaigns',
    label: 'Total Spend',
    synonyms: ['spend', 'total spend', 'ad spend', 'marketing spend', 'cost'],
    format: 'currency',
    additive: true,
    description: 'Media spend',
    aggregate: (rows) => rows.reduce((n, r) => n + num(r, 'campaigns.spend_cents'), 0) / 100,
  },
  {
    name: 'campaigns.total_signups',
    view: 'campaigns',
    label: 'Signups',
    synonyms: ['signups', 'sign-ups', 'sign ups', 'registrations', 'conversions'],
    format: 'integer',
    additive: true,
    description: 'Accounts created',
    aggregate: (rows) => rows.reduce((n, r) => n + num(r, 'campaigns.signups'), 0),
  },
  {
    name: 'campaigns.total_clicks',
    view: 'campaigns',
    label: 'Clicks',
    synonyms: ['clicks', 'total clicks'],
    format: 'integer',
    additive: true,
    description: 'Ad clicks',
    aggregate: (rows) => rows.reduce((n, r) => n + num(r, 'campaigns.clicks'), 0),
  },
  {
    name: 'campaigns.cost_per_signup',
    view: 'campaigns',
    label: 'Cost per Signup',
    synonyms: ['cost per signup', 'cost per sign-up', 'cps', 'cac', 'acquisition cost'],
    format: 'currency',
    additive: false,
    description: 'Total Spend ÷ Signups',
    aggregate: (rows) => {
      const signups = rows.reduce((n, r) => n + num(r, 'campaigns.signups'), 0);
      const spend = rows.reduce((n, r) => n + num(r, 'campaigns.spend_cents'), 0);
      return signups === 0 ? null : Math.round(spend / signups) / 100;
    },
  },
  {
    name: 'campaigns.count',
    view: 'campaigns',
    label: 'Campaign Count',
    synonyms: ['campaigns', 'campaign count', 'number of campaigns'],
    format: 'integer',
    additive: true,
    description: 'Campaigns run',
    aggregate: (rows) => distinct(rows, 'campaigns.id'),
  },
];

const marketingTopics: TopicDef[] = [
  {
    name: 'campaigns',
    label: 'Campaigns',
    description: 'Monthly campaign spend, clicks and signups by channel.',
    baseView: 'campaigns',
    views: ['campaigns'],
    rows: lazy(() => campaignRows()),
  },
];

// ---------------------------------------------------------------- lookup

/**
 * The semantic model a job or topic listing sees: the shared model, or one of its live branches.
 * Undefined when the model is not a shared model of the organization or the branch is not a live
 * branch of it.
 */
export function semanticModel(modelId: string, branchId: string | null): SemanticModel | undefined {
  const model = catalogModel(modelId);
  if (!model || model.modelKind !== 'SHARED' || model.deletedAt) return undefined;
  let branchName: string | null = null;
  if (branchId !== null) {
    const branch = catalogModel(branchId);
    if (!branch || branch.modelKind !== 'BRANCH' || branch.baseModelId !== modelId || branch.deletedAt) return undefined;
    branchName = branch.name;
  }
  if (modelId === Ids.modelId) {
    return {
      modelId,
      modelName: model.name,
      branchId,
      branchName,
      topics: ecommerceTopics,
      dimensions: ecommerceDimensions,
      measures: ecommerceMeasures(branchId === Ids.branchId),
    };
  }
  return {
    modelId,
    modelName: model.name,
    branchId,
    branchName,
    topics: marketingTopics,
    dimensions: marketingDimensions,
    measures: marketingMeasures,
  };
}

/** Topics as GET /models/{id}/topic lists them; a schema model has none. */
export function topicsOfCatalogModel(modelId: string, branchId: string | null): TopicDef[] | undefined {
  const model = catalogModel(modelId);
  if (!model || model.deletedAt) return undefined;
  if (model.modelKind === 'SHARED') return semanticModel(modelId, branchId)?.topics;
  if (model.modelKind === 'BRANCH' && model.baseModelId) {
    if (branchId !== null && branchId !== modelId) return undefined;
    return semanticModel(model.baseModelId, modelId)?.topics;
  }
  return branchId === null ? [] : undefined;
}

export const ecommerceTopicNames = ecommerceTopics.map((t) => t.name);

/** Branches of a shared model that are not deleted. */
export function activeBranches(modelId: string): { id: string; name: string }[] {
  return Catalog.filter((m) => m.modelKind === 'BRANCH' && m.baseModelId === modelId && !m.deletedAt).map((m) => ({
    id: m.id,
    name: m.name,
  }));
}

export function fieldsInTopic(model: SemanticModel, topic: TopicDef): { dimensions: DimensionDef[]; measures: MeasureDef[] } {
  return {
    dimensions: model.dimensions.filter((d) => topic.views.includes(d.view)),
    measures: model.measures.filter((m) => topic.views.includes(m.view)),
  };
}
