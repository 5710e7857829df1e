/**
 * What a branch changes in a case's answer, compared with the shared model: the answer text,
 * the queries the AI generated, the data they returned. Pure.
 *
 * The AI's wording varies from run to run even on the same model, so "answer changed" alone is
 * weak evidence; the numbers in the answer, the queries and the data are the stable signals and
 * are described precisely ("Total Revenue 1,234 → 1,100").
 */
import type { Outcome, OutcomeState } from '../job/outcome.js';
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

export interface CaseDiff {
  state: { branch: OutcomeState; shared: OutcomeState; changed: boolean };
  answer: Change;
  query: Change;
  data: Change;
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
  const data = bothData ? compareData(queriesOf(branch), queriesOf(shared)) : unknown;
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

function compareAnswers(branch: Outcome, shared: Outcome): Change {
  const branchText = answerTexts(branch)[0];
  const sharedText = answerTexts(shared)[0];
  if (branchText === undefined && sharedText === undefined) return change('unknown', ['no answer on either side']);
  if (branchText === undefined) return change('changed', [`no answer on the branch (${branch.state})`]);
  if (sharedText === undefined) return change('changed', [`no answer on the shared model (${shared.state})`]);
  if (normaliseAnswer(branchText) === normaliseAnswer(sharedText)) return change('same', []);
  const numbers = numberChanges(numbersIn(sharedText), numbersIn(branchText));
  if (numbers.length > 0) return change('changed', numbers, 'number');
  return change('reworded', [`same numbers, worded differently (${Math.round(similarity(sharedText, branchText) * 100)}% of words in common)`]);
}

/** Case, spacing and markdown emphasis do not count as a change. */
function normaliseAnswer(text: string): string {
  return text
    .replace(/[*_`#>]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const NumberToken = /[-−]?[$€£¥]?\d[\d,]*(?:\.\d+)?%?/g;

function numbersIn(text: string): string[] {
  return [...text.matchAll(NumberToken)].map((m) => m[0]);
}

/**
 * "1,234 → 1,100": when both answers hold as many numbers (the same shape, e.g. the same list),
 * the ones that differ in the same place; otherwise those only one side has. Empty when the
 * numbers are the same.
 */
function numberChanges(before: readonly string[], after: readonly string[]): string[] {
  if (before.length === after.length) {
    const pairs: string[] = [];
    for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) pairs.push(`${before[i]} → ${after[i]}`);
    return pairs;
  }
  return [...multisetMinus(before, after).map((n) => `−${n}`), ...multisetMinus(after, before).map((n) => `+${n}`)];
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

function compareData(branch: readonly QueryDigest[], shared: readonly QueryDigest[]): Change {
  const items: string[] = [];
  const pairs = Math.min(branch.length, shared.length);
  if (branch.length !== shared.length) items.push(`${shared.length} → ${branch.length} result tables`);
  let partial = false;
  for (let i = 0; i < pairs; i++) {
    const b = branch[i]!;
    const s = shared[i]!;
    partial ||= b.csvHeadWasCut || s.csvHeadWasCut;
    if (!b.csvHead.trim() && !s.csvHead.trim() && b.totalRowCount === s.totalRowCount) continue;
    const prefix = pairs > 1 ? `#${i + 1} ` : '';
    for (const difference of tableDifferences(b, s)) items.push(prefix + difference);
  }
  if (items.length > 0) return change('changed', items);
  return { status: 'same', detail: partial ? 'same in the rows fetched' : '', headline: '' };
}

/**
 * Differences between two result tables. Rows are matched by their first column when it is a
 * unique text key on both sides (a dimension like a product name), else by position.
 */
function tableDifferences(branch: QueryDigest, shared: QueryDigest): string[] {
  const notes: string[] = [];
  const b = queryData(branch);
  const s = queryData(shared);
  if (branch.totalRowCount !== shared.totalRowCount) notes.push(`${formatNumber(shared.totalRowCount)} → ${formatNumber(branch.totalRowCount)} rows`);
  const addedColumns = b.header.filter((h) => !s.header.includes(h));
  const removedColumns = s.header.filter((h) => !b.header.includes(h));
  if (addedColumns.length > 0 || removedColumns.length > 0) {
    notes.push(`columns ${[...addedColumns.map((c) => `+${c}`), ...removedColumns.map((c) => `−${c}`)].slice(0, MaxListed * 2).join(' ')}`);
  }
  const common = b.header.filter((h) => s.header.includes(h));
  const keyed = keyColumn(b.header, b.rows, s.header, s.rows);
  const pairs: { label: string; branchRow?: string[] | undefined; sharedRow?: string[] | undefined }[] = [];
  if (keyed) {
    const sharedByKey = new Map(s.rows.map((row) => [row[keyed.shared] ?? '', row]));
    const branchKeys = new Set(b.rows.map((row) => row[keyed.branch] ?? ''));
    for (const row of b.rows) pairs.push({ label: row[keyed.branch] ?? '', branchRow: row, sharedRow: sharedByKey.get(row[keyed.branch] ?? '') });
    for (const row of s.rows) if (!branchKeys.has(row[keyed.shared] ?? '')) pairs.push({ label: row[keyed.shared] ?? '', sharedRow: row });
  } else {
    for (let i = 0; i < Math.max(b.rows.length, s.rows.length); i++) pairs.push({ label: `row ${i}`, branchRow: b.rows[i], sharedRow: s.rows[i] });
  }
  const onlyBranch = pairs.filter((p) => p.branchRow && !p.sharedRow);
  const onlyShared = pairs.filter((p) => p.sharedRow && !p.branchRow);
  if (keyed && (onlyBranch.length > 0 || onlyShared.length > 0)) {
    notes.push(`rows ${[...onlyBranch.map((p) => `+${clip(p.label)}`), ...onlyShared.map((p) => `−${clip(p.label)}`)].slice(0, MaxListed).join(' ')}`);
  }
  for (const pair of pairs) {
    if (!pair.branchRow || !pair.sharedRow) continue;
    for (const column of common) {
      if (keyed && column === b.header[keyed.branch]) continue;
      const before = pair.sharedRow[s.header.indexOf(column)] ?? '';
      const after = pair.branchRow[b.header.indexOf(column)] ?? '';
      if (sameCell(before, after)) continue;
      notes.push(`${clip(pair.label)} ${clip(column)} ${clip(before) || '(empty)'} → ${clip(after) || '(empty)'}`);
    }
  }
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
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > ValueMaxChars ? `${flat.slice(0, ValueMaxChars - 1)}…` : flat;
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
