/**
 * What a branch changes in a case's answer, compared with the shared model: the answer text,
 * the queries the AI generated, the data they returned. Pure.
 *
 * The AI's wording varies from run to run even on the same model, so "answer changed" alone is
 * weak evidence; the numbers in the answer, the queries and the data are the stable signals and
 * are described precisely ("Total Revenue 1,234 → 1,100").
 */
import type { Outcome, OutcomeState } from '../job/outcome.js';
import { oneLine } from '../lib/text.js';
import type { QueryDigest } from '../omni/result-digest.js';
import { answerTexts, formatNumber, parseNumber, queriesOf, queryData } from './cells.js';

/** `reworded`: the answer's text differs but its numbers do not (the AI words answers differently from run to run). */
export type ChangeStatus = 'same' | 'reworded' | 'changed' | 'unknown';

export interface Change {
  status: ChangeStatus;
  /** One line for people, the first few changes; empty when nothing changed. */
  detail: string;
  /** The first change and how many more, for a table cell. */
  headline: string;
}

/**
 * A number of the answer that differs. Paired (`shared` and `branch` both set) only when both
 * answers say it of the same thing, in the same words around it; otherwise one side alone.
 */
export interface NumberChange {
  /** A few words before and after the number in its sentence (on the branch, when it has the number). */
  before: string;
  after: string;
  shared?: string;
  branch?: string;
}

export interface AnswerChange extends Change {
  numbers: NumberChange[];
}

/** One cell that differs between rows matched by their key (or position). */
export interface CellChange {
  /** The row's key (its first column's value), or `row <n>` (from 1) when rows are matched by position. */
  row: string;
  column: string;
  shared: string;
  branch: string;
  /** branch − shared, when both cells are numbers. */
  delta?: number;
  /** The delta as a percentage of the shared value, when that is not 0. */
  deltaPercent?: number;
}

/** How one result table differs: the same query (by position) on the branch and on the shared model. */
export interface TableChange {
  /** The query's position in the answer, from 1. */
  query: number;
  name: string;
  rowCount?: { shared: number; branch: number };
  columnsAdded: string[];
  columnsRemoved: string[];
  /** Rows matched by their key column, or by position (the first column does not name things). */
  matchedBy: 'key' | 'position';
  /** Keys of rows only one side has (matched by key only). */
  rowsAdded: string[];
  rowsRemoved: string[];
  cells: CellChange[];
}

export interface DataChange extends Change {
  /** Result tables on the shared model and on the branch, when their number differs. */
  tableCount?: { shared: number; branch: number };
  /** Tables that differ, in query order. */
  tables: TableChange[];
}

export interface CaseDiff {
  state: { branch: OutcomeState; shared: OutcomeState; changed: boolean };
  answer: AnswerChange;
  query: Change;
  data: DataChange;
  /** State, query, data or the numbers in the answer changed (a reworded answer alone is no change). */
  changed: boolean;
  /** The most telling change, one short line (for the table); empty when nothing changed. */
  summary: string;
}

const MaxListed = 3;
const DetailItems = 5;
const ValueMaxChars = 40;

export function compareOutcomes(branch: Outcome, shared: Outcome): CaseDiff {
  const state = { branch: branch.state, shared: shared.state, changed: branch.state !== shared.state };
  const answer = compareAnswers(branch, shared);
  const bothData = branch.state === 'COMPLETE' && shared.state === 'COMPLETE' && branch.result && shared.result;
  const unknown = unknownChange(branch, shared);
  const query = bothData ? compareQueries(queriesOf(branch), queriesOf(shared)) : unknown;
  const data = bothData ? compareData(queriesOf(branch), queriesOf(shared)) : { ...unknown, tables: [] };
  const changed = state.changed || [answer, query, data].some((c) => c.status === 'changed');
  const parts: string[] = [];
  if (state.changed) parts.push(`state ${shared.state} → ${branch.state}`);
  if (data.status === 'changed') parts.push(`data: ${data.headline}`);
  if (query.status === 'changed') parts.push(`query: ${query.headline}`);
  if (answer.status === 'changed' && parts.length === 0) parts.push(`answer: ${answer.headline}`);
  return { state, answer, query, data, changed, summary: parts.join(' · ') };
}

function unknownChange(branch: Outcome, shared: Outcome): Change {
  const missing = [branch, shared]
    .map((outcome, index) => {
      const side = index === 0 ? 'branch' : 'shared';
      if (outcome.state !== 'COMPLETE') return `${side} ${outcome.state}`;
      return outcome.result ? '' : `${side} result not fetched`;
    })
    .filter((text) => text !== '');
  return change('unknown', [`not compared: ${missing.join(', ')}`]);
}

function compareAnswers(branch: Outcome, shared: Outcome): AnswerChange {
  const branchText = answerTexts(branch)[0];
  const sharedText = answerTexts(shared)[0];
  const plain = (status: ChangeStatus, items: string[]) => ({ ...change(status, items), numbers: [] });
  if (branchText === undefined && sharedText === undefined) return plain('unknown', ['no answer on either side']);
  if (branchText === undefined) return plain('changed', [`no answer on the branch (${branch.state})`]);
  if (sharedText === undefined) return plain('changed', [`no answer on the shared model (${shared.state})`]);
  if (normaliseAnswer(branchText) === normaliseAnswer(sharedText)) return plain('same', []);
  const numbers = numberChanges(numbersIn(sharedText), numbersIn(branchText));
  if (numbers.length > 0) return { ...change('changed', numbers.map(describeNumber), 'number'), numbers };
  return plain('reworded', [`same numbers, worded differently (${Math.round(similarity(sharedText, branchText) * 100)}% of words in common)`]);
}

/** Case, spacing and markdown emphasis do not count as a change. */
function normaliseAnswer(text: string): string {
  return text
    .replace(/[*_`#>]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A number as answers write them: "$1,234.50", "-12%", "2024"; a comma after it is punctuation. */
const NumberToken = /[-−]?[$€£¥]?\d(?:[\d,]*\d)?(?:\.\d+)?%?/g;
/** A list item's marker ("1.", "2)", "-"): an ordinal, not a number the answer reports. */
const ListMarker = /^\s*(?:[-*+]|\d{1,3}[.)])\s+/;
const ContextWords = { before: 4, after: 3 };

/** A number of the answer, with what it is about. */
interface AnswerNumber {
  text: string;
  /** The number as a value, so that "1,234" and "1234.00" are one number. */
  key: string;
  /**
   * The sentence it stands in, with every number replaced and this one marked: two answers say
   * a number of the same thing when their labels are equal.
   */
  label: string;
  before: string;
  after: string;
}

/** The numbers of an answer, sentence by sentence, each with its sentence's other words. */
function numbersIn(text: string): AnswerNumber[] {
  const numbers: AnswerNumber[] = [];
  const sentences = text
    .replace(/[*_`#>]+/g, '')
    .split(/\n+|(?<=[.!?;])\s+/)
    .map((sentence) => sentence.replace(ListMarker, '').replace(/\|/g, ' ').replace(/\s+/g, ' ').trim())
    .filter((sentence) => sentence !== '');
  for (const sentence of sentences) {
    const tokens = [...sentence.matchAll(NumberToken)];
    tokens.forEach((token, index) => {
      const at = token.index;
      let label = '';
      let from = 0;
      tokens.forEach((other, otherIndex) => {
        label += `${words(sentence.slice(from, other.index))} ${otherIndex === index ? '@' : '#'} `;
        from = other.index + other[0].length;
      });
      label += words(sentence.slice(from));
      const before = sentence.slice(0, at).replace(/[\s\p{P}\p{S}]+$/u, '').split(' ').slice(-ContextWords.before).join(' ');
      const after = sentence.slice(at + token[0].length).replace(/^[\s,;:)\]]+/u, '').split(' ').slice(0, ContextWords.after).join(' ');
      numbers.push({ text: token[0], key: numberKey(token[0]), label: label.replace(/\s+/g, ' ').trim(), before, after });
    });
  }
  return numbers;
}

/** Lower-case words, punctuation dropped: "J.Crew —" and "j crew" say the same. */
function words(text: string): string {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');
}

function numberKey(text: string): string {
  const currency = /[$€£¥]/.exec(text)?.[0] ?? '';
  const percent = text.endsWith('%') ? '%' : '';
  const value = parseNumber(text.replace(/−/g, '-'));
  return `${currency}${value ?? text}${percent}`;
}

/**
 * The numbers that differ between two answers. A number is paired with the other answer's only
 * when both say it of the same thing: the same sentence around it, found once in each answer (a
 * ranking that changes order pairs nothing by position). The numbers left over are compared as a
 * multiset: the same numbers in another order or wording are no change; the others are listed on
 * their side alone. Empty when the numbers are the same.
 */
function numberChanges(shared: readonly AnswerNumber[], branch: readonly AnswerNumber[]): NumberChange[] {
  const once = (numbers: readonly AnswerNumber[]) => {
    const count = new Map<string, number>();
    for (const number of numbers) count.set(number.label, (count.get(number.label) ?? 0) + 1);
    return new Map(numbers.filter((number) => count.get(number.label) === 1).map((number) => [number.label, number]));
  };
  const branchOnce = once(branch);
  const paired = new Set<AnswerNumber>();
  const changes: NumberChange[] = [];
  for (const [label, before] of once(shared)) {
    const after = branchOnce.get(label);
    if (!after) continue;
    paired.add(before).add(after);
    if (before.key !== after.key) changes.push({ ...context(after), shared: before.text, branch: after.text });
  }
  const sharedLeft = shared.filter((number) => !paired.has(number));
  const branchLeft = branch.filter((number) => !paired.has(number));
  const gone = multisetMinus(sharedLeft.map((n) => n.key), branchLeft.map((n) => n.key));
  const added = multisetMinus(branchLeft.map((n) => n.key), sharedLeft.map((n) => n.key));
  const take = (numbers: AnswerNumber[], keys: string[]) => keys.map((key) => numbers.splice(numbers.findIndex((n) => n.key === key), 1)[0]!);
  for (const number of take([...sharedLeft], gone)) changes.push({ ...context(number), shared: number.text });
  for (const number of take([...branchLeft], added)) changes.push({ ...context(number), branch: number.text });
  return changes;
}

function context(number: AnswerNumber): { before: string; after: string } {
  return { before: clip(number.before), after: clip(number.after.replace(/[\s.,;:!?]+$/u, '')) };
}

/** "J.Crew — $5,017.20 → $3,900.00"; a number on one side only: "−$4,087.70 (Carhartt)". */
function describeNumber(number: NumberChange): string {
  if (number.shared !== undefined && number.branch !== undefined) return [number.before, `${number.shared} → ${number.branch}`, number.after].filter(Boolean).join(' ');
  const value = number.shared !== undefined ? `−${number.shared}` : `+${number.branch ?? ''}`;
  const around = [number.before, number.after].filter(Boolean).join(' … ');
  return around ? `${value} (${around})` : value;
}

/** A change from its items: the detail lists a few, the headline the first and a count. */
function change(status: ChangeStatus, items: readonly string[], noun = 'change'): Change {
  const shown = items.slice(0, DetailItems);
  const more = items.length - shown.length;
  const detail = shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
  const rest = items.length - 1;
  const headline = items.length === 0 ? '' : items[0]! + (rest > 0 ? ` and ${rest} more ${noun}${rest === 1 ? '' : 's'}` : '');
  return { status, detail, headline };
}

function multisetMinus(items: readonly string[], minus: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of minus) counts.set(item, (counts.get(item) ?? 0) + 1);
  const left: string[] = [];
  for (const item of items) {
    const count = counts.get(item) ?? 0;
    if (count > 0) counts.set(item, count - 1);
    else left.push(item);
  }
  return left;
}

/** Share of words in common (Dice coefficient over word multisets). */
function similarity(a: string, b: string): number {
  const words = (text: string) => normaliseAnswer(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const left = words(a);
  const right = words(b);
  if (left.length + right.length === 0) return 1;
  const common = left.length - multisetMinus(left, right).length;
  return (2 * common) / (left.length + right.length);
}

function compareQueries(branch: readonly QueryDigest[], shared: readonly QueryDigest[]): Change {
  const items: string[] = [];
  if (branch.length !== shared.length) items.push(`${shared.length} → ${branch.length} queries`);
  for (let i = 0; i < Math.min(branch.length, shared.length); i++) {
    const prefix = branch.length > 1 ? `#${i + 1} ` : '';
    for (const difference of queryDifferences(branch[i]!, shared[i]!)) items.push(prefix + difference);
  }
  return change(items.length > 0 ? 'changed' : 'same', items);
}

/** Keys that name the model, branch or run differ between branch and shared by design. */
const IdentityKey = /(?:^id$|Id$|_id$)/;

function queryDifferences(branch: QueryDigest, shared: QueryDigest): string[] {
  const notes: string[] = [];
  const added = branch.fields.filter((f) => !shared.fields.includes(f));
  const removed = shared.fields.filter((f) => !branch.fields.includes(f));
  if (added.length > 0 || removed.length > 0) {
    notes.push(`fields ${[...added.map((f) => `+${f}`), ...removed.map((f) => `−${f}`)].slice(0, MaxListed * 2).join(' ')}`);
  }
  if (branch.query && shared.query) {
    const keys = [...new Set([...Object.keys(shared.query), ...Object.keys(branch.query)])].filter((k) => k !== 'fields' && !IdentityKey.test(k)).sort();
    for (const key of keys) {
      const before = shared.query[key];
      const after = branch.query[key];
      if (stableJson(before) === stableJson(after)) continue;
      if (isScalar(before) && isScalar(after)) notes.push(`${key} ${show(before)} → ${show(after)}`);
      else if (before === undefined) notes.push(`${key} added`);
      else if (after === undefined) notes.push(`${key} removed`);
      else notes.push(`${key} changed`);
    }
  }
  return notes;
}

function compareData(branch: readonly QueryDigest[], shared: readonly QueryDigest[]): DataChange {
  const tables: TableChange[] = [];
  const pairs = Math.min(branch.length, shared.length);
  let partial = false;
  for (let i = 0; i < pairs; i++) {
    const b = branch[i]!;
    const s = shared[i]!;
    partial ||= b.csvHeadWasCut || s.csvHeadWasCut;
    if (!b.csvHead.trim() && !s.csvHead.trim() && b.totalRowCount === s.totalRowCount) continue;
    const table = tableChange(i + 1, b, s);
    if (table) tables.push(table);
  }
  const tableCount = branch.length !== shared.length ? { shared: shared.length, branch: branch.length } : undefined;
  const items: string[] = [];
  if (tableCount) items.push(`${tableCount.shared} → ${tableCount.branch} result tables`);
  for (const table of tables) {
    const prefix = pairs > 1 ? `#${table.query} ` : '';
    for (const difference of describeTable(table)) items.push(prefix + difference);
  }
  if (items.length === 0) return { status: 'same', detail: partial ? 'same in the rows fetched' : '', headline: '', tables };
  return { ...change('changed', items), ...(tableCount ? { tableCount } : {}), tables };
}

/**
 * How two result tables differ, or undefined when they do not. Rows are matched by their first
 * column when it is a unique text key on both sides (a dimension like a product name), else by
 * position.
 */
function tableChange(index: number, branch: QueryDigest, shared: QueryDigest): TableChange | undefined {
  const b = queryData(branch);
  const s = queryData(shared);
  const keyed = keyColumn(b.header, b.rows, s.header, s.rows);
  const table: TableChange = {
    query: index,
    name: branch.name,
    columnsAdded: b.header.filter((h) => !s.header.includes(h)),
    columnsRemoved: s.header.filter((h) => !b.header.includes(h)),
    matchedBy: keyed ? 'key' : 'position',
    rowsAdded: [],
    rowsRemoved: [],
    cells: [],
  };
  if (branch.totalRowCount !== shared.totalRowCount) table.rowCount = { shared: shared.totalRowCount, branch: branch.totalRowCount };
  const pairs: { label: string; branchRow?: string[] | undefined; sharedRow?: string[] | undefined }[] = [];
  if (keyed) {
    const sharedByKey = new Map(s.rows.map((row) => [row[keyed.shared] ?? '', row]));
    const branchKeys = new Set(b.rows.map((row) => row[keyed.branch] ?? ''));
    for (const row of b.rows) pairs.push({ label: row[keyed.branch] ?? '', branchRow: row, sharedRow: sharedByKey.get(row[keyed.branch] ?? '') });
    for (const row of s.rows) if (!branchKeys.has(row[keyed.shared] ?? '')) pairs.push({ label: row[keyed.shared] ?? '', sharedRow: row });
    table.rowsAdded = pairs.filter((p) => p.branchRow && !p.sharedRow).map((p) => p.label);
    table.rowsRemoved = pairs.filter((p) => p.sharedRow && !p.branchRow).map((p) => p.label);
  } else {
    for (let i = 0; i < Math.max(b.rows.length, s.rows.length); i++) pairs.push({ label: `row ${i + 1}`, branchRow: b.rows[i], sharedRow: s.rows[i] });
  }
  const common = b.header.filter((h) => s.header.includes(h));
  for (const pair of pairs) {
    if (!pair.branchRow || !pair.sharedRow) continue;
    for (const column of common) {
      if (keyed && column === b.header[keyed.branch]) continue;
      const before = pair.sharedRow[s.header.indexOf(column)] ?? '';
      const after = pair.branchRow[b.header.indexOf(column)] ?? '';
      if (!sameCell(before, after)) table.cells.push(cellChange(pair.label, column, before, after));
    }
  }
  const changed = table.rowCount || table.columnsAdded.length + table.columnsRemoved.length + table.rowsAdded.length + table.rowsRemoved.length + table.cells.length > 0;
  return changed ? table : undefined;
}

function cellChange(row: string, column: string, shared: string, branch: string): CellChange {
  const cell: CellChange = { row, column, shared, branch };
  const before = parseNumber(shared);
  const after = parseNumber(branch);
  if (before !== undefined && after !== undefined) {
    cell.delta = after - before;
    if (before !== 0) cell.deltaPercent = (100 * (after - before)) / Math.abs(before);
  }
  return cell;
}

/** One line per difference: "2 → 3 rows", "columns +Margin", "rows +Boots −Hats", "Sunglasses Total Revenue 1,234.50 → 1,100.00". */
function describeTable(table: TableChange): string[] {
  const notes: string[] = [];
  if (table.rowCount) notes.push(`${formatNumber(table.rowCount.shared)} → ${formatNumber(table.rowCount.branch)} rows`);
  if (table.columnsAdded.length > 0 || table.columnsRemoved.length > 0) {
    notes.push(`columns ${[...table.columnsAdded.map((c) => `+${c}`), ...table.columnsRemoved.map((c) => `−${c}`)].slice(0, MaxListed * 2).join(' ')}`);
  }
  if (table.rowsAdded.length > 0 || table.rowsRemoved.length > 0) {
    notes.push(`rows ${[...table.rowsAdded.map((r) => `+${clip(r)}`), ...table.rowsRemoved.map((r) => `−${clip(r)}`)].slice(0, MaxListed).join(' ')}`);
  }
  for (const cell of table.cells) notes.push(`${clip(cell.row)} ${clip(cell.column)} ${clip(cell.shared) || '(empty)'} → ${clip(cell.branch) || '(empty)'}`);
  return notes;
}

/** The first column as a row key, when it is text and unique on both sides. */
function keyColumn(bHeader: readonly string[], bRows: readonly string[][], sHeader: readonly string[], sRows: readonly string[][]): { branch: number; shared: number } | undefined {
  const name = bHeader[0];
  if (name === undefined || sHeader[0] !== name) return undefined;
  const usable = (rows: readonly string[][]) => {
    const keys = rows.map((row) => row[0] ?? '');
    return keys.length > 0 && new Set(keys).size === keys.length && keys.every((k) => k.trim() !== '' && parseNumber(k) === undefined);
  };
  return usable(bRows) && usable(sRows) ? { branch: 0, shared: 0 } : undefined;
}

function sameCell(a: string, b: string): boolean {
  if (a.trim() === b.trim()) return true;
  const x = parseNumber(a);
  const y = parseNumber(b);
  if (x === undefined || y === undefined) return false;
  return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
}

function clip(text: string): string {
  return oneLine(text, ValueMaxChars);
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function show(value: string | number | boolean | null): string {
  return typeof value === 'string' ? `'${clip(value)}'` : String(value);
}

function stableJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
