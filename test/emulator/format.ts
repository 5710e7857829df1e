/** CSV and number formatting for emulated answers (what Omni's csvResult and summaries look like). */
import type { ValueFormat } from './semantic-model.js';

/** RFC 4180 field: quoted when it holds a comma, quote, line break or edge whitespace. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}

/** Rows joined by '\n', no trailing line break (as in Omni's documented csvResult example). */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map(csvLine).join('\n');
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The value as csvResult writes it: grouped digits, no currency sign ("1,234.50"). */
export function csvNumber(value: number | null, format: ValueFormat): string {
  if (value === null) return '';
  return format === 'currency' ? money.format(value) : integer.format(value);
}

/** The value as the Markdown answer writes it ("$1,234.50", "1,234"). */
export function displayNumber(value: number | null, format: ValueFormat): string {
  if (value === null) return '—';
  if (format === 'integer') return integer.format(value);
  return `${value < 0 ? '-' : ''}$${money.format(Math.abs(value))}`;
}
