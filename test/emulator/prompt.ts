/**
 * Turns a natural-language prompt into a query plan over a semantic model's vocabulary. A deliberately
 * small grammar: "top N <dimension> by <measure>", "<measure> by <dimension>", "total <measure>",
 * "how many <measure>", "monthly <measure>", optional filters ("for Jeans", "in the West",
 * "were returned"), and follow-ups in a conversation ("now by region", "what about Shoes").
 */
import type { DimensionDef, MeasureDef } from './semantic-model.js';

export interface Filter {
  dimension: DimensionDef;
  value: string;
}

export interface QueryPlan {
  shape: 'total' | 'grouped' | 'top' | 'bottom';
  measures: MeasureDef[];
  dimension?: DimensionDef;
  limit?: number;
  filters: Filter[];
}

export interface Vocabulary {
  dimensions: readonly DimensionDef[];
  measures: readonly MeasureDef[];
  /** Lower-cased filter value (or alias such as "march") → the dimension value it means. */
  values: ReadonlyMap<string, Filter>;
}

export type ParseResult =
  | { ok: true; plan: QueryPlan }
  | { ok: false; role: 'measure' | 'dimension' | 'value' | 'prompt'; term: string };

const numberWords: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  twelve: 12, fifteen: 15, twenty: 20,
};

const leadingFiller =
  /^(?:please|can you|could you|would you|show me|show|list|give me|tell me|what are|what is|what's|what were|what was|which are|which were|find|get|display|calculate|compute|report|i want|i'd like|the|our|me|us)\b\s*/;
const trailingFiller =
  /\s*(?:,?\s*please|in 2024|for 2024|during 2024|this year|last year|this quarter|last quarter|in total|overall|so far|to date|of all time|ever|are there|do we have|did we have|have we had|were there|is there|did we sell|have we sold|were sold|we sold|exist|were placed|have been placed|were made)$/;
const bySeparator = /\s+(?:by|per|for each|broken down by|split by|grouped by|across)\s+/g;
const rankSeparator = /\s+(?:by|in terms of|ranked by|based on|for|on)\s+/g;
const filterConnector = /\s+(?:for|in|from|where|with|among|within|were|was|are|that were|that are|which were)\s+/g;

function stripRepeatedly(s: string, pattern: RegExp): string {
  let previous: string;
  do {
    previous = s;
    s = s.replace(pattern, '').trim();
  } while (s !== previous && s !== '');
  return s;
}

export function normalizePrompt(prompt: string): string {
  let s = prompt
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[?.!;:]+$/, '')
    .trim();
  s = stripRepeatedly(s, leadingFiller);
  s = stripRepeatedly(s, trailingFiller);
  return s;
}

/** All ways to cut `s` in two at a separator: [left, right], leftmost cut first. */
function cuts(s: string, separator: RegExp): [string, string][] {
  const out: [string, string][] = [];
  for (const m of s.matchAll(new RegExp(separator.source, 'g'))) {
    const left = s.slice(0, m.index).trim();
    const right = s.slice(m.index + m[0].length).trim();
    if (left && right) out.push([left, right]);
  }
  return out;
}

function singularPlural(term: string): string[] {
  const out = [term];
  if (term.endsWith('ies')) out.push(term.slice(0, -3) + 'y');
  else if (term.endsWith('s')) out.push(term.slice(0, -1));
  else out.push(term + 's');
  return out;
}

function termVariants(term: string, prefixes: RegExp): string[] {
  const t = term.trim().replace(/^"|"$/g, '');
  const stripped = t.replace(prefixes, '').trim();
  return [...new Set([...singularPlural(t), ...(stripped && stripped !== t ? singularPlural(stripped) : [])])];
}

function names(field: { name: string; label: string; synonyms: string[] }): string[] {
  return [...field.synonyms, field.label.toLowerCase(), field.name.toLowerCase()];
}

const measurePrefixes = /^(?:the |our |total |overall |sum of (?:the )?|all |amount of |number of |count of )+/;
const dimensionPrefixes = /^(?:each |every |the |per |individual |different )+/;

export function resolveMeasure(vocab: Vocabulary, term: string): MeasureDef | undefined {
  for (const candidate of termVariants(term, measurePrefixes)) {
    const found = vocab.measures.find((m) => names(m).includes(candidate));
    if (found) return found;
  }
  return undefined;
}

export function resolveDimension(vocab: Vocabulary, term: string): DimensionDef | undefined {
  for (const candidate of termVariants(term, dimensionPrefixes)) {
    const found = vocab.dimensions.find((d) => names(d).includes(candidate));
    if (found) return found;
  }
  return undefined;
}

function resolveMeasures(vocab: Vocabulary, phrase: string): { measures: MeasureDef[] } | { unknown: string } {
  const terms = phrase.split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+vs\.?\s+|\s+versus\s+/).filter(Boolean);
  const measures: MeasureDef[] = [];
  for (const term of terms) {
    const m = resolveMeasure(vocab, term);
    if (!m) return { unknown: term };
    if (!measures.includes(m)) measures.push(m);
  }
  return measures.length > 0 ? { measures } : { unknown: phrase };
}

export function resolveValue(vocab: Vocabulary, phrase: string): Filter | undefined {
  let v = phrase.trim().replace(/^(?:the|a|an)\s+/, '');
  // "where status is returned", "with category = Jeans"
  for (const d of vocab.dimensions) {
    for (const n of names(d)) {
      const m = v.match(new RegExp(`^${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(?:is|=|equals|of)\\s+(.+)$`));
      if (m?.[1]) v = m[1].replace(/^(?:the)\s+/, '');
    }
  }
  const direct = vocab.values.get(v);
  if (direct) return direct;
  // "the west region", "jeans category", "returned orders"
  const words = v.split(' ');
  const trailingWord = words[words.length - 1] as string;
  const generic = ['orders', 'order', 'customers', 'customer', 'products', 'product', 'items', 'ones'];
  if (words.length > 1 && (generic.includes(trailingWord) || vocab.dimensions.some((d) => names(d).includes(trailingWord)))) {
    return vocab.values.get(words.slice(0, -1).join(' '));
  }
  return undefined;
}

/** Peels filters off the end of the prompt while they name known values ("for jeans in the west"). */
function extractFilters(vocab: Vocabulary, s: string): { rest: string; filters: Filter[]; unresolved?: string } {
  const filters: Filter[] = [];
  let rest = s;
  for (;;) {
    const all = cuts(rest, filterConnector);
    const last = all[all.length - 1];
    if (!last) return { rest, filters };
    const filter = resolveValue(vocab, last[1]);
    if (!filter) return { rest, filters, unresolved: last[1] };
    filters.unshift(filter);
    rest = last[0];
  }
}

function parseGrouped(vocab: Vocabulary, s: string, filters: Filter[]): ParseResult {
  let firstFailure: ParseResult | undefined;
  for (const [left, right] of cuts(s, bySeparator)) {
    const measures = resolveMeasures(vocab, left);
    const dimension = resolveDimension(vocab, right);
    if ('measures' in measures && dimension) {
      return { ok: true, plan: { shape: 'grouped', measures: measures.measures, dimension, filters } };
    }
    firstFailure ??=
      'measures' in measures
        ? { ok: false, role: 'dimension', term: right }
        : { ok: false, role: 'measure', term: measures.unknown };
  }
  const total = resolveMeasures(vocab, s);
  if ('measures' in total) return { ok: true, plan: { shape: 'total', measures: total.measures, filters } };
  return firstFailure ?? { ok: false, role: 'measure', term: total.unknown };
}

function parseRanked(vocab: Vocabulary, direction: string, count: string | undefined, rest: string, filters: Filter[]): ParseResult {
  const shape = /^(?:bottom|worst|lowest)$/.test(direction) ? 'bottom' : 'top';
  const limit = count === undefined ? 5 : (numberWords[count] ?? Number(count));
  let firstFailure: ParseResult | undefined;
  for (const [left, right] of cuts(rest, rankSeparator)) {
    const dimension = resolveDimension(vocab, left);
    const measures = resolveMeasures(vocab, right);
    if (dimension && 'measures' in measures) {
      return { ok: true, plan: { shape, measures: measures.measures, dimension, limit, filters } };
    }
    firstFailure ??= dimension
      ? { ok: false, role: 'measure', term: 'unknown' in measures ? measures.unknown : right }
      : { ok: false, role: 'dimension', term: left };
  }
  // "top 5 products": rank by the model's first (headline) measure.
  const dimension = resolveDimension(vocab, rest);
  const headline = vocab.measures[0];
  if (dimension && headline) return { ok: true, plan: { shape, measures: [headline], dimension, limit, filters } };
  return firstFailure ?? { ok: false, role: 'dimension', term: rest };
}

export function parsePrompt(prompt: string, vocab: Vocabulary, previous?: QueryPlan): ParseResult {
  const normalized = normalizePrompt(prompt);
  if (!normalized) return { ok: false, role: 'prompt', term: prompt };

  if (previous) {
    const followUp = normalized.match(
      /^(?:and |now |then |what about |how about |same |same thing |same but |split |split it |break (?:it|that|this) down |show (?:it|that) )+(?:by|per|for each|broken down by|split by)\s+(.+)$/,
    );
    if (followUp?.[1]) {
      const dimension = resolveDimension(vocab, followUp[1]);
      if (!dimension) return { ok: false, role: 'dimension', term: followUp[1] };
      return { ok: true, plan: { shape: 'grouped', measures: previous.measures, dimension, filters: previous.filters } };
    }
    const valueFollowUp = normalized.match(/^(?:and |now |what about |how about |same for |only )+(.+)$/);
    const filter = valueFollowUp?.[1] ? resolveValue(vocab, valueFollowUp[1]) : undefined;
    if (filter) {
      const filters = [...previous.filters.filter((f) => f.dimension !== filter.dimension), filter];
      return { ok: true, plan: { ...previous, filters } };
    }
  }

  const { rest, filters, unresolved } = extractFilters(vocab, normalized);
  const result = parseBody(vocab, rest, filters);
  if (result.ok || unresolved === undefined) return result;
  // "revenue for narnia": the question is fine without its tail, so the tail is the unknown value;
  // "weather in paris": it is not, so report what is wrong with the question itself.
  const cut = cuts(rest, filterConnector).pop();
  const withoutTail = cut ? parseBody(vocab, cut[0], filters) : result;
  return withoutTail.ok ? { ok: false, role: 'value', term: unresolved } : withoutTail;
}

function parseBody(vocab: Vocabulary, s: string, filters: Filter[]): ParseResult {
  const howMany = s.match(/^(?:how many|number of|count of|count)\s+(.+)$/);
  if (howMany?.[1]) return parseGrouped(vocab, howMany[1], filters);

  const ranked = s.match(
    new RegExp(`^(top|bottom|best|worst|highest|lowest|leading)\\s+(?:(\\d+|${Object.keys(numberWords).join('|')})\\s+)?(.+)$`),
  );
  if (ranked?.[1] && ranked[3]) return parseRanked(vocab, ranked[1], ranked[2], ranked[3], filters);

  const periodic = s.match(/^(monthly|quarterly)\s+(.+)$/) ?? s.match(/^(.+?)\s+(over time|trend|per month|each month)$/);
  if (periodic?.[1] && periodic[2]) {
    const [word, phrase] = /^(monthly|quarterly)$/.test(periodic[1]) ? [periodic[1], periodic[2]] : ['monthly', periodic[1]];
    const dimension = resolveDimension(vocab, word === 'quarterly' ? 'quarter' : 'month');
    const measures = resolveMeasures(vocab, phrase);
    if (dimension && 'measures' in measures) {
      return { ok: true, plan: { shape: 'grouped', measures: measures.measures, dimension, filters } };
    }
    if (!('measures' in measures)) return { ok: false, role: 'measure', term: measures.unknown };
  }

  return parseGrouped(vocab, s, filters);
}
