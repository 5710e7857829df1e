/** Checking a case's expectations against the outcome of its job. Pure. */
import type { Outcome } from '../job/outcome.js';
import { oneLine } from '../lib/text.js';
import { answerTexts, fieldsUsed, findColumn, formatNumber, parseNumber, queriesOf, queryData, selectQuery } from './cells.js';
import type { Expectations, NumberRange, TextPattern, ValueExpectation } from './suite.js';

export interface ExpectationResult {
  /** Short, e.g. `state`, `contains "Revenue"`, `value Total Revenue[0]`. */
  name: string;
  passed: boolean;
  /** One line saying what was found (and what was expected, when it failed). */
  message: string;
}

const SnippetChars = 40;

/**
 * Every expectation of the case, in a fixed order (state first). A case without expectations
 * expects COMPLETE. Text expectations read the answer (for a FAILED job: Omni's error message);
 * data expectations read the selected query's rows.
 */
export function evaluate(testCase: { expect: Expectations }, outcome: Outcome): ExpectationResult[] {
  const expect = testCase.expect;
  const results: ExpectationResult[] = [checkState(expect, outcome)];
  const texts = textsOf(outcome);
  const noText = texts.length === 0 ? `no answer to read: the job ended ${outcome.state}` : undefined;

  for (const wanted of expect.contains) {
    const name = `contains ${quote(wanted)}`;
    if (noText) results.push(fail(name, noText));
    else if (findText(texts, wanted)) results.push(pass(name, `the answer contains ${quote(wanted)}`));
    else results.push(fail(name, `the answer does not contain ${quote(wanted)}`));
  }
  for (const unwanted of expect.notContains) {
    const name = `notContains ${quote(unwanted)}`;
    const found = noText ? undefined : findText(texts, unwanted);
    if (noText) results.push(fail(name, noText));
    else if (found) results.push(fail(name, `the answer contains ${quote(unwanted)}: ${quote(found)}`));
    else results.push(pass(name, `the answer does not contain ${quote(unwanted)}`));
  }
  for (const pattern of expect.matches) {
    const name = `matches ${showPattern(pattern)}`;
    const match = noText ? undefined : firstMatch(texts, pattern);
    if (noText) results.push(fail(name, noText));
    else if (match !== undefined) results.push(pass(name, `the answer matches: ${quote(match)}`));
    else results.push(fail(name, `the answer does not match ${showPattern(pattern)}`));
  }
  for (const pattern of expect.notMatches) {
    const name = `notMatches ${showPattern(pattern)}`;
    const match = noText ? undefined : firstMatch(texts, pattern);
    if (noText) results.push(fail(name, noText));
    else if (match !== undefined) results.push(fail(name, `the answer matches ${showPattern(pattern)}: ${quote(match)}`));
    else results.push(pass(name, `the answer does not match ${showPattern(pattern)}`));
  }

  if (expect.topic !== undefined) results.push(checkTopic(expect.topic, outcome));
  if (expect.fields.length > 0) results.push(checkFields(expect.fields, outcome));
  if (expect.rowCount) results.push(checkRowCount(expect, expect.rowCount, outcome));
  for (const value of expect.values) results.push(checkValue(expect, value, outcome));
  return results;
}

/** True when every expectation passed. */
export function allPassed(results: readonly ExpectationResult[]): boolean {
  return results.every((r) => r.passed);
}

function checkState(expect: Expectations, outcome: Outcome): ExpectationResult {
  const wanted = expect.state ?? ['COMPLETE'];
  const name = wanted.length === 1 ? `state ${wanted[0]}` : `state ${wanted.join('|')}`;
  if (wanted.includes(outcome.state)) return pass(name, `the job ended ${outcome.state}`);
  return fail(name, `the job ended ${outcome.state}, expected ${wanted.join(' or ')}${why(outcome)}`);
}

function why(outcome: Outcome): string {
  switch (outcome.state) {
    case 'FAILED':
      return `: ${oneLine(outcome.error.message, 200)}`;
    case 'TIMEOUT':
      return ` after ${outcome.timeoutSeconds} s (last state ${outcome.lastState})`;
    case 'CANCELLED':
      return outcome.cancelledBy === 'workflow' ? ' (the workflow run was cancelled)' : ' (cancelled in Omni)';
    default:
      return '';
  }
}

function checkTopic(topic: string, outcome: Outcome): ExpectationResult {
  const name = `topic ${topic}`;
  const used = outcome.topicName ?? (outcome.state === 'COMPLETE' ? outcome.result?.topic : undefined);
  if (!used) return fail(name, `Omni reported no topic${outcome.state === 'COMPLETE' ? '' : ` (the job ended ${outcome.state})`}`);
  if (used === topic) return pass(name, `the answer used topic ${topic}`);
  return fail(name, `the answer used topic ${used}, expected ${topic}`);
}

function checkFields(fields: readonly string[], outcome: Outcome): ExpectationResult {
  const name = 'fields';
  const missingData = dataMissing(outcome);
  if (missingData) return fail(name, missingData);
  const used = fieldsUsed(queriesOf(outcome));
  const missing = fields.filter((field) => !used.includes(field));
  if (missing.length === 0) return pass(name, `the queries use ${fields.join(', ')}`);
  const seen = used.length > 0 ? `fields used: ${list(used, 8)}` : 'the queries name no fields';
  return fail(name, `the queries do not use ${missing.join(', ')} (${seen})`);
}

function checkRowCount(expect: Expectations, range: NumberRange, outcome: Outcome): ExpectationResult {
  const name = `rowCount ${showRange(range)}`;
  const missingData = dataMissing(outcome);
  if (missingData) return fail(name, missingData);
  const { query, why: noQuery } = selectQuery(queriesOf(outcome), expect.query);
  if (!query) return fail(name, noQuery ?? 'no query');
  const rows = query.totalRowCount;
  const label = `${query.name}: ${formatNumber(rows)} row${rows === 1 ? '' : 's'}`;
  if (inRange(rows, range)) return pass(name, label);
  return fail(name, `${label}, expected ${describeRange(range)}`);
}

function checkValue(expect: Expectations, value: ValueExpectation, outcome: Outcome): ExpectationResult {
  const name = `value ${value.column}[${value.row}]`;
  const missingData = dataMissing(outcome);
  if (missingData) return fail(name, missingData);
  const { query, why: noQuery } = selectQuery(queriesOf(outcome), expect.query);
  if (!query) return fail(name, noQuery ?? 'no query');
  const data = queryData(query);
  const column = findColumn(data.header, value.column);
  if (column < 0) {
    const what = typeof value.column === 'number' ? `column ${value.column} (counted from 0)` : `column '${value.column}'`;
    return fail(name, `${query.name} has no ${what}; columns: ${list(data.header, 10)}`);
  }
  const row = data.rows[value.row];
  if (!row) return fail(name, `${query.name} has no row ${value.row + 1} (index ${value.row} counts from 0) among the ${data.rows.length} rows fetched`);
  const header = data.header[column] ?? String(column);
  const cell = row[column] ?? '';
  const where = `${header} in row ${value.row + 1} is ${quote(cell)}`;
  if (typeof value.equals === 'string') {
    if (cell.trim().toLowerCase() === value.equals.trim().toLowerCase()) return pass(name, where);
    return fail(name, `${where}, expected ${quote(value.equals)}`);
  }
  const number = parseNumber(cell);
  if (number === undefined) return fail(name, `${where}, not a number`);
  const range: NumberRange = value.equals !== undefined ? { min: value.equals, max: value.equals } : value;
  if (inRange(number, range)) return pass(name, where);
  return fail(name, `${where}, expected ${describeRange(range)}`);
}

/** Why an outcome has no data to check, or undefined when it has. */
function dataMissing(outcome: Outcome): string | undefined {
  if (outcome.state !== 'COMPLETE') return `no data to read: the job ended ${outcome.state}`;
  if (!outcome.result) return `no data to read: the result could not be fetched${outcome.resultError ? ` (${oneLine(outcome.resultError, 120)})` : ''}`;
  return undefined;
}

function textsOf(outcome: Outcome): string[] {
  if (outcome.state === 'FAILED') return [outcome.error.message, outcome.error.detail ?? ''].filter((t) => t.trim() !== '');
  return answerTexts(outcome);
}

/** Case and spacing do not matter: the answer's wording does. Returns the passage found. */
function findText(texts: readonly string[], wanted: string): string | undefined {
  const needle = normalise(wanted);
  for (const text of texts) {
    const flat = text.replace(/\s+/g, ' ').trim();
    const at = flat.toLowerCase().indexOf(needle);
    if (at >= 0) return snippet(flat, at, needle.length);
  }
  return undefined;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function firstMatch(texts: readonly string[], pattern: TextPattern): string | undefined {
  const regex = new RegExp(pattern.source, pattern.flags);
  for (const text of texts) {
    const match = regex.exec(text);
    if (match) return oneLine(match[0], SnippetChars * 2);
  }
  return undefined;
}

function snippet(text: string, at: number, length: number): string {
  const start = Math.max(0, at - SnippetChars);
  const end = Math.min(text.length, at + length + SnippetChars);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}

function inRange(value: number, range: NumberRange): boolean {
  return (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
}

function showRange(range: NumberRange): string {
  if (range.min !== undefined && range.min === range.max) return formatNumber(range.min);
  if (range.min !== undefined && range.max !== undefined) return `${formatNumber(range.min)}–${formatNumber(range.max)}`;
  if (range.min !== undefined) return `≥ ${formatNumber(range.min)}`;
  return `≤ ${formatNumber(range.max ?? 0)}`;
}

function describeRange(range: NumberRange): string {
  if (range.min !== undefined && range.min === range.max) return formatNumber(range.min);
  if (range.min !== undefined && range.max !== undefined) return `between ${formatNumber(range.min)} and ${formatNumber(range.max)}`;
  if (range.min !== undefined) return `at least ${formatNumber(range.min)}`;
  return `at most ${formatNumber(range.max ?? 0)}`;
}

function showPattern(pattern: TextPattern): string {
  return `/${oneLine(pattern.source, 60)}/${pattern.flags}`;
}

function quote(text: string): string {
  return `"${oneLine(text, SnippetChars * 3)}"`;
}

function list(items: readonly string[], max: number): string {
  if (items.length === 0) return '(none)';
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

function pass(name: string, message: string): ExpectationResult {
  return { name, passed: true, message };
}

function fail(name: string, message: string): ExpectationResult {
  return { name, passed: false, message };
}
