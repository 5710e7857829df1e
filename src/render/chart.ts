/**
 * Mermaid charts of query data, which GitHub draws in comments and job summaries: an
 * `xychart-beta` with one category per row, in the query's order, of the data's own numbers. Only
 * where a chart cannot mislead: one dimension and one or two measures, at least two rows. Labels
 * come from data and AI text, so they are made unable to break out of their strings. Pure.
 */
import type { ParsedCsv } from '../lib/csv.js';
import { parseNumber } from '../suite/cells.js';
import { escapeInline } from './markdown.js';
import { truncateText } from '../lib/text.js';
import { cleanText, formatCount } from './text.js';

/** More categories than this and the bars turn into a barcode. */
export const ChartMaxRows = 30;
const LabelMaxChars = 40;
const TitleMaxChars = 80;

export interface ChartData {
  /** The dimension's name and its values, one per row. */
  dimension: { name: string; values: string[]; time: boolean };
  /** One or two measures: name and the numbers as the data writes them (digits only). */
  measures: { name: string; values: string[] }[];
  /** Rows in the data, of which the first ChartMaxRows are charted. */
  totalRows: number;
}

/** Timeframes Omni names fields with (`orders.created_at[month]`) and date-like values. */
const TimeField = /\[(?:date|day|week|month|quarter|year|hour|minute|time|raw)\]$|_(?:date|day|week|month|quarter|year|at|time)$/i;
const TimeValue = /^\d{4}(?:-(?:\d{2}(?:-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?)?|Q[1-4]|W\d{2}))?$/;

/**
 * The chart's data when the table is one dimension (text, or a time) and one or two measures
 * (numbers in every charted row); undefined otherwise.
 */
export function chartData(csv: ParsedCsv, fields: readonly string[] = [], totalRows = 0): ChartData | undefined {
  const { header, rows } = csv;
  if (header.length < 2 || header.length > 3 || rows.length < 2) return undefined;
  const charted = rows.slice(0, ChartMaxRows);
  const column = (c: number) => charted.map((row) => (row[c] ?? '').trim());
  const keys = column(0);
  const time = TimeField.test(fields[0] ?? '') || keys.every((key) => TimeValue.test(key));
  // A first column of plain numbers is a measure, not a dimension (unless it is a time).
  if (!time && keys.every((key) => parseNumber(key) !== undefined)) return undefined;
  const measures: ChartData['measures'] = [];
  for (let c = 1; c < header.length; c += 1) {
    const values = column(c).map(plainNumber);
    // A column that is not all numbers is a second dimension: no chart.
    if (values.some((v) => v === undefined)) return undefined;
    measures.push({ name: header[c] ?? '', values: values as string[] });
  }
  return { dimension: { name: header[0] ?? '', values: keys, time }, measures, totalRows: Math.max(rows.length, csv.totalRows, totalRows) };
}

/**
 * "$1,234.50" → "1234.50", "(12)" → "-12", "12.5%" → "12.5": the digits the data shows, in the
 * form Mermaid reads; undefined for anything that is not a number.
 */
export function plainNumber(cell: string): string | undefined {
  const value = parseNumber(cell);
  if (value === undefined) return undefined;
  const digits = cell.replace(/[^0-9.]/g, '');
  if (/^\d+(?:\.\d+)?$/.test(digits) && Number(digits) === Math.abs(value)) return `${value < 0 ? '-' : ''}${digits}`;
  // Exponents: Mermaid reads none, so the number is written out.
  const written = Math.abs(value).toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
  return /^\d+(?:\.\d+)?$/.test(written) ? `${value < 0 ? '-' : ''}${written}` : undefined;
}

/**
 * Text for a quoted Mermaid string: one line, no quote or backtick to end it, no "%%" to start a
 * directive or comment, no tag for Mermaid to drop, within a length; still recognisable.
 */
export function chartLabel(text: string, maxChars = LabelMaxChars): string {
  const flat = cleanText(text)
    .replace(/\s+/g, ' ')
    .replace(/["`]/g, "'")
    .replace(/%{2,}/g, '%')
    // Mermaid runs titles through an HTML sanitiser that drops tags (and more): no "<" reaches it.
    .replace(/</g, '‹')
    .trim();
  return truncateText(flat, maxChars) || '(empty)';
}

export interface ChartOptions {
  title?: string;
  /** Two sides to compare (branch against shared): bars for the first, a line for the second. */
  compare?: { first: string; second: string; secondValues: string[] };
}

/** A fenced Mermaid block drawing `data`, with a line saying what the marks are and what is left out. */
export function mermaidChart(data: ChartData, options: ChartOptions = {}): string {
  const quote = (text: string, max?: number) => `"${chartLabel(text, max)}"`;
  const [first, second] = data.measures;
  if (!first) return '';
  // Categories with long names read across, not under each other: bars run sideways.
  const lines = ['```mermaid', data.dimension.time ? 'xychart-beta' : 'xychart-beta horizontal'];
  if (options.title?.trim()) lines.push(`    title ${quote(options.title, TitleMaxChars)}`);
  lines.push(`    x-axis ${quote(data.dimension.name)} [${data.dimension.values.map((v) => quote(v)).join(', ')}]`);
  const notes: string[] = [];
  if (options.compare) {
    lines.push(`    y-axis ${quote(first.name)} ${range([...first.values, ...options.compare.secondValues])}`, `    bar [${first.values.join(', ')}]`, `    line [${options.compare.secondValues.join(', ')}]`);
    notes.push(`bars: ${escapeInline(options.compare.first)}, line: ${escapeInline(options.compare.second)}`);
  } else if (second) {
    lines.push(`    y-axis " " ${range([...first.values, ...second.values])}`, `    bar [${first.values.join(', ')}]`, `    line [${second.values.join(', ')}]`);
    notes.push(`bars: ${escapeInline(chartLabel(first.name))}, line: ${escapeInline(chartLabel(second.name))}`);
  } else {
    const axis = data.dimension.time ? '' : ` ${range(first.values)}`;
    lines.push(`    y-axis ${quote(first.name)}${axis}`, `    ${data.dimension.time ? 'line' : 'bar'} [${first.values.join(', ')}]`);
  }
  lines.push('```');
  if (data.totalRows > data.dimension.values.length) {
    notes.push(`the first ${formatCount(data.dimension.values.length)} of ${formatCount(data.totalRows)} rows`);
  }
  return notes.length === 0 ? lines.join('\n') : `${lines.join('\n')}\n\n${chartNote(notes)}`;
}

/**
 * The value axis from 0 (or below, for negative numbers) to the largest value: bars measured from
 * anywhere else would mislead (Mermaid starts the axis at the smallest value).
 */
function range(values: readonly string[]): string {
  const numbers = values.map(Number);
  const low = Math.min(0, ...numbers);
  const high = Math.max(0, ...numbers);
  const show = (n: number) => values.find((v) => Number(v) === n) ?? String(n);
  return `${show(low)} --> ${show(high === low ? 1 : high)}`;
}

/** The note under a chart, from markdown already escaped. */
function chartNote(notes: readonly string[]): string {
  return `_Chart: ${notes.join('; ')}._`;
}
