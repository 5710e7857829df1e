/**
 * What a prompt suite is: its cases, what each expects of its answer, and the defaults the file
 * gives every case. Read from the prompts file by prompts-file.ts; the schema is documented in
 * examples/README.md.
 */
import type { OutcomeState } from '../job/outcome.js';

export interface SuiteDefaults {
  modelId?: string;
  branchId?: string;
  branchName?: string;
  topicName?: string;
}

/** A regular expression as written in the file; `flags` without g and y (they make test() stateful). */
export interface TextPattern {
  source: string;
  flags: string;
}

export interface NumberRange {
  min?: number;
  max?: number;
}

export interface ValueExpectation {
  /** Header name (trimmed, case-insensitive) or 0-based column index. */
  column: string | number;
  /** 0-based data row. */
  row: number;
  min?: number;
  max?: number;
  /** A number compares numerically; a string compares the cell's text (trimmed, case-insensitive). */
  equals?: number | string;
}

/** Which query rowCount and value read: its 0-based index or its name; default the last query that returned rows. */
export type QuerySelector = number | string;

export interface Expectations {
  /** Accepted final states. Absent: COMPLETE is expected, and failOn decides whether another state fails the step. */
  state?: OutcomeState[];
  contains: string[];
  notContains: string[];
  matches: TextPattern[];
  notMatches: TextPattern[];
  topic?: string;
  fields: string[];
  rowCount?: NumberRange;
  values: ValueExpectation[];
  query?: QuerySelector;
}

/** A case without expectations: it expects its job to end COMPLETE. */
export function noExpectations(): Expectations {
  return { contains: [], notContains: [], matches: [], notMatches: [], fields: [], values: [] };
}

export interface SuiteCase {
  id: string;
  prompt: string;
  topicName?: string;
  conversationId?: string;
  expect: Expectations;
  /** Where the case starts in the file (1-based), for messages. */
  line: number;
}

export interface Suite {
  /** The file as the user named it, for messages. */
  file: string;
  defaults: SuiteDefaults;
  cases: SuiteCase[];
}
