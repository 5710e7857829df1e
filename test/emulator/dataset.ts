/**
 * The sample data behind the emulated models: a small e-commerce warehouse (users, products, orders,
 * order items) and a marketing table (campaigns). Generated from a fixed seed so every run, machine
 * and test sees the same numbers.
 */
import { seededRandom } from '../support/prng.js';

/** A joined row as a topic sees it: keys are `view.column`, money in integer cents. */
export type Row = Readonly<Record<string, string | number | null>>;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function weighted<T>(random: () => number, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of choices) {
    r -= w;
    if (r < 0) return value;
  }
  return (choices[choices.length - 1] as readonly [T, number])[0];
}

export interface Product {
  id: number;
  name: string;
  category: string;
  brand: string;
  retailCents: number;
  costCents: number;
}

// Two names carry a comma and double quotes so CSV quoting is exercised by real answers.
const productList: readonly (readonly [string, string, string, number, number])[] = [
  ['Ray-Ban Aviator Sunglasses', 'Accessories', 'Ray-Ban', 15400, 6200],
  ['Fossil Leather Belt', 'Accessories', 'Fossil', 4500, 1800],
  ['Herschel Backpack', 'Accessories', 'Herschel', 7999, 3100],
  ['Smartwool Hiking Socks, 3-Pack', 'Accessories', 'Smartwool', 4400, 1700],
  ["Levi's 501 Original Jeans", 'Jeans', "Levi's", 8950, 3500],
  ["Levi's 511 Slim Jeans", 'Jeans', "Levi's", 7950, 3100],
  ['Wrangler Slim Jeans', 'Jeans', 'Wrangler', 5400, 2100],
  ['Lee Relaxed Fit Jeans', 'Jeans', 'Lee', 4990, 1900],
  ['Patagonia Down Sweater Jacket', 'Outerwear', 'Patagonia', 22900, 9800],
  ['The North Face Rain Jacket', 'Outerwear', 'The North Face', 11900, 4700],
  ['Columbia Fleece Jacket', 'Outerwear', 'Columbia', 6499, 2500],
  ['Carhartt Duck Coat', 'Outerwear', 'Carhartt', 13999, 5800],
  ['Nike Air Max 90', 'Shoes', 'Nike', 13000, 5500],
  ['Adidas Ultraboost', 'Shoes', 'Adidas', 18000, 7600],
  ['Converse Chuck Taylor', 'Shoes', 'Converse', 6000, 2200],
  ['Dr. Martens 1460 "Smooth" Boots', 'Shoes', 'Dr. Martens', 17000, 7100],
  ['Uniqlo Merino Crew Sweater', 'Sweaters', 'Uniqlo', 3990, 1500],
  ['J.Crew Cashmere Sweater', 'Sweaters', 'J.Crew', 14800, 6000],
  ['Gap Cable-Knit Sweater', 'Sweaters', 'Gap', 5995, 2300],
  ['L.L.Bean Cotton Sweater', 'Sweaters', 'L.L.Bean', 6495, 2600],
  ['Hanes Cotton T-Shirt', 'Tops', 'Hanes', 2499, 900],
  ['Ralph Lauren Polo Shirt', 'Tops', 'Ralph Lauren', 9850, 3800],
  ['Champion Hoodie', 'Tops', 'Champion', 5500, 2100],
  ['Everlane Oxford Shirt', 'Tops', 'Everlane', 6800, 2700],
];

export const products: readonly Product[] = productList.map(([name, category, brand, retailCents, costCents], i) => ({
  id: i + 1,
  name,
  category,
  brand,
  retailCents,
  costCents,
}));

const regionsByState: Readonly<Record<string, string>> = {
  California: 'West',
  Washington: 'West',
  Oregon: 'West',
  Colorado: 'West',
  Arizona: 'West',
  Illinois: 'Midwest',
  Ohio: 'Midwest',
  Michigan: 'Midwest',
  Minnesota: 'Midwest',
  Texas: 'South',
  Florida: 'South',
  Georgia: 'South',
  'North Carolina': 'South',
  'New York': 'Northeast',
  Massachusetts: 'Northeast',
  Pennsylvania: 'Northeast',
  'New Jersey': 'Northeast',
};

const firstNames = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'James', 'Isabella', 'Lucas',
  'Mia', 'Mateo', 'Amelia', 'Ethan', 'Harper', 'Aiden', 'Evelyn', 'Leo', 'Aria', 'Jack',
];
const lastNames = [
  'Garcia', 'Smith', 'Johnson', 'Nguyen', 'Brown', 'Patel', 'Martinez', 'Kim', 'Lee', 'Davis',
  'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Chen', 'Moore', 'Jackson', 'Rivera', 'Clark', 'Walker',
];

export interface User {
  id: number;
  fullName: string;
  state: string;
  region: string;
}

export interface Order {
  id: number;
  userId: number;
  createdAt: string;
  status: string;
}

export interface OrderItem {
  id: number;
  orderId: number;
  productId: number;
  quantity: number;
  salePriceCents: number;
}

export interface Campaign {
  id: number;
  name: string;
  channel: string;
  month: string;
  spendCents: number;
  clicks: number;
  signups: number;
}

export interface Dataset {
  products: readonly Product[];
  users: readonly User[];
  orders: readonly Order[];
  orderItems: readonly OrderItem[];
  campaigns: readonly Campaign[];
}

const monthWeights: readonly (readonly [number, number])[] = [
  [1, 7], [2, 6], [3, 7], [4, 7], [5, 8], [6, 8], [7, 8], [8, 9], [9, 8], [10, 9], [11, 12], [12, 14],
];

function generate(): Dataset {
  const random = seededRandom(20250115);
  const states = Object.keys(regionsByState);
  const users: User[] = [];
  const usedNames = new Set<string>();
  while (users.length < 80) {
    const fullName = `${pick(random, firstNames)} ${pick(random, lastNames)}`;
    if (usedNames.has(fullName)) continue;
    usedNames.add(fullName);
    const state = pick(random, states);
    users.push({ id: users.length + 1, fullName, state, region: regionsByState[state] as string });
  }

  const orders: Order[] = [];
  const orderItems: OrderItem[] = [];
  for (let id = 1; id <= 320; id++) {
    const month = weighted(random, monthWeights);
    const day = 1 + Math.floor(random() * 28);
    const createdAt = `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const status =
      month === 12 && random() < 0.35
        ? 'processing'
        : weighted(random, [
            ['complete', 66],
            ['shipped', 12],
            ['returned', 13],
            ['cancelled', 9],
          ] as const);
    orders.push({ id, userId: 1 + Math.floor(random() * users.length), createdAt, status });
    const itemCount = weighted(random, [
      [1, 55],
      [2, 30],
      [3, 15],
    ] as const);
    for (let n = 0; n < itemCount; n++) {
      const product = pick(random, products);
      const discount = weighted(random, [
        [1, 70],
        [0.9, 20],
        [0.8, 10],
      ] as const);
      orderItems.push({
        id: orderItems.length + 1,
        orderId: id,
        productId: product.id,
        quantity: weighted(random, [
          [1, 70],
          [2, 22],
          [3, 8],
        ] as const),
        salePriceCents: Math.round(product.retailCents * discount),
      });
    }
  }

  const channels: readonly (readonly [string, string, number, number])[] = [
    // channel, campaign theme, spend base (cents), cost per click (cents)
    ['Email', 'Newsletter', 80000, 20],
    ['Paid Search', 'Brand Keywords', 420000, 150],
    ['Social', 'Lookbook Ads', 260000, 90],
    ['Display', 'Retargeting', 180000, 60],
  ];
  const campaigns: Campaign[] = [];
  for (let month = 1; month <= 12; month++) {
    for (const [channel, theme, base, cpc] of channels) {
      const spendCents = Math.round(base * (0.7 + random() * 0.6));
      const clicks = Math.round((spendCents / cpc) * (0.8 + random() * 0.4));
      const signups = Math.max(1, Math.round(clicks * (0.02 + random() * 0.05)));
      const mm = String(month).padStart(2, '0');
      campaigns.push({
        id: campaigns.length + 1,
        name: `2024-${mm} ${channel} ${theme}`,
        channel,
        month: `2024-${mm}`,
        spendCents,
        clicks,
        signups,
      });
    }
  }

  return { products, users, orders, orderItems, campaigns };
}

export const dataset: Dataset = generate();

function userColumns(user: User | undefined): Record<string, string | number | null> {
  return {
    'users.id': user?.id ?? null,
    'users.full_name': user?.fullName ?? null,
    'users.state': user?.state ?? null,
    'users.region': user?.region ?? null,
  };
}

function orderColumns(order: Order | undefined): Record<string, string | number | null> {
  return {
    'orders.id': order?.id ?? null,
    'orders.status': order?.status ?? null,
    'orders.created_at': order?.createdAt ?? null,
  };
}

/** order_items joined to orders, products and users: one row per order item. */
export function orderItemRows(data: Dataset = dataset): Row[] {
  const orders = new Map(data.orders.map((o) => [o.id, o]));
  const users = new Map(data.users.map((u) => [u.id, u]));
  const productsById = new Map(data.products.map((p) => [p.id, p]));
  return data.orderItems.map((item) => {
    const order = orders.get(item.orderId);
    const product = productsById.get(item.productId);
    return {
      'order_items.id': item.id,
      'order_items.quantity': item.quantity,
      'order_items.sale_price_cents': item.salePriceCents,
      ...orderColumns(order),
      'products.id': product?.id ?? null,
      'products.name': product?.name ?? null,
      'products.category': product?.category ?? null,
      'products.brand': product?.brand ?? null,
      'products.cost_cents': product?.costCents ?? null,
      ...userColumns(order ? users.get(order.userId) : undefined),
    };
  });
}

/** users left-joined to orders: one row per order, plus one for each user without orders. */
export function customerRows(data: Dataset = dataset): Row[] {
  const ordersByUser = new Map<number, Order[]>();
  for (const order of data.orders) {
    const list = ordersByUser.get(order.userId) ?? [];
    list.push(order);
    ordersByUser.set(order.userId, list);
  }
  const rows: Row[] = [];
  for (const user of data.users) {
    const orders = ordersByUser.get(user.id) ?? [];
    if (orders.length === 0) rows.push({ ...userColumns(user), ...orderColumns(undefined) });
    for (const order of orders) rows.push({ ...userColumns(user), ...orderColumns(order) });
  }
  return rows;
}

export function campaignRows(data: Dataset = dataset): Row[] {
  return data.campaigns.map((c) => ({
    'campaigns.id': c.id,
    'campaigns.name': c.name,
    'campaigns.channel': c.channel,
    'campaigns.month': c.month,
    'campaigns.spend_cents': c.spendCents,
    'campaigns.clicks': c.clicks,
    'campaigns.signups': c.signups,
  }));
}
