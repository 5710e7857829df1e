/**
 * Identity lives in Omni, not in a state file: every routine this action manages carries one line
 * at the end of its `description`, a note for people that it is managed from the repository, and
 * the stack, the key and short sums of each field as last applied. The sums tell, field by field,
 * what was edited in Omni since (and what the next apply would overwrite). Pure.
 */
import { createHash } from 'node:crypto';
import type { RoutineDestination } from '../omni/types.js';

export const MarkerTag = 'omni-ai-job:v1';
/** Stack names: no spaces (the marker is space-separated), nothing markdown or HTML reads. */
export const StackPattern = /^[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,199}$/;
export const KeyPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Omni's limit on `description`, marker line included. */
export const DescriptionMaxChars = 2000;

/** The fields the action manages, in a form that compares equal when Omni holds what the file says. */
export interface RoutineFields {
  name: string;
  prompt: string;
  schedule: string;
  timezone: string;
  /** The description people wrote, without the marker line; null when there is none. */
  description: string | null;
  destination: RoutineDestination;
  modelId: string;
  branchId: string | null;
  topicName: string | null;
}

/** Order of the fields in the marker's sums: never reorder, only append. */
export const FieldNames = ['name', 'prompt', 'schedule', 'timezone', 'description', 'destination', 'modelId', 'branchId', 'topicName'] as const;
export type FieldName = (typeof FieldNames)[number];
/** Omni cannot change these on an existing routine: a change means delete and create. */
export const ReplaceFields: readonly FieldName[] = ['modelId', 'branchId', 'topicName'];

export interface Marker {
  stack: string;
  key: string;
  /** Three hex digits per field, in FieldNames order. */
  sums: string;
  /** Set on a routine created to replace another: the id it replaces (it may still exist after a failed run). */
  replaces?: string;
}

const SumChars = 3;
const MarkerLinePattern = new RegExp(
  `(?:^|\\s)${MarkerTag.replace(/[.]/g, '\\.')} stack=(\\S+) key=(\\S+) sums=([0-9a-f]{${SumChars},})(?: replaces=([0-9a-f-]{36}))?\\s*$`,
);

/** The marker line: a sentence for people, then what the action reads back. */
export function markerLine(marker: Marker): string {
  const replaces = marker.replaces ? ` replaces=${marker.replaces}` : '';
  return `Managed from a repository by Omni AI Job: edit it there, changes made in Omni are overwritten. ${MarkerTag} stack=${marker.stack} key=${marker.key} sums=${marker.sums}${replaces}`;
}

/** Longest marker line for this stack and key (for checking a description's room). */
export function markerLength(stack: string, key: string): number {
  return markerLine({ stack, key, sums: '0'.repeat(SumChars * FieldNames.length), replaces: '00000000-0000-0000-0000-000000000000' }).length;
}

/** The description Omni stores: what people wrote, a blank line, the marker line. */
export function composeDescription(description: string | null, marker: Marker): string {
  const line = markerLine(marker);
  return description ? `${description}\n\n${line}` : line;
}

/** Splits a stored description into the people's part and the marker (when it has a valid one). */
export function readDescription(stored: string | null | undefined): { description: string | null; marker?: Marker } {
  if (!stored) return { description: null };
  const lines = stored.replace(/\r\n?/g, '\n').split('\n');
  for (let index = lines.length - 1; index >= 0; index--) {
    const match = MarkerLinePattern.exec(lines[index]!);
    if (!match || !StackPattern.test(match[1]!) || !KeyPattern.test(match[2]!)) continue;
    const rest = [...lines.slice(0, index), ...lines.slice(index + 1)].join('\n').trim();
    const marker: Marker = { stack: match[1]!, key: match[2]!, sums: match[3]! };
    if (match[4]) marker.replaces = match[4];
    return { description: rest || null, marker };
  }
  return { description: stored.replace(/\r\n?/g, '\n').trim() || null };
}

/** Short sums of each field, in FieldNames order. */
export function fieldSums(fields: RoutineFields): string {
  return FieldNames.map((name) => sum(canonical(fields, name))).join('');
}

/** Fields whose value differs from the sums in a marker (a marker of an older version compares by what it has). */
export function fieldsDifferingFromSums(fields: RoutineFields, sums: string): FieldName[] {
  return FieldNames.filter((name, index) => {
    const recorded = sums.slice(index * SumChars, (index + 1) * SumChars);
    return recorded.length === SumChars && recorded !== sum(canonical(fields, name));
  });
}

/** Fields of `a` and `b` that differ, compared as Omni would store them. */
export function differingFields(a: RoutineFields, b: RoutineFields): FieldName[] {
  return FieldNames.filter((name) => canonical(a, name) !== canonical(b, name));
}

/** One field as a string that is equal exactly when the values mean the same to Omni. */
export function canonical(fields: RoutineFields, name: FieldName): string {
  switch (name) {
    case 'destination':
      return canonicalDestination(fields.destination);
    case 'schedule':
      return fields.schedule.trim().replace(/\s+/g, ' ').toUpperCase();
    case 'prompt':
      return fields.prompt.replace(/\r\n?/g, '\n').trim();
    case 'description':
      return (fields.description ?? '').replace(/\r\n?/g, '\n').trim();
    case 'modelId':
      return fields.modelId.toLowerCase();
    case 'branchId':
      return (fields.branchId ?? '').toLowerCase();
    case 'topicName':
      return fields.topicName ?? '';
    default:
      return fields[name];
  }
}

/** Recipients as sets: Omni may keep them in another order or case. */
function canonicalDestination(destination: RoutineDestination): string {
  if (destination.type === 'slack') return `slack:${destination.slackRecipientType}:${destination.recipientId}`;
  const emails = [...new Set((destination.recipientEmails ?? []).map((e) => e.trim().toLowerCase()))].sort();
  const groups = [...new Set((destination.userGroupIds ?? []).map((g) => g.toLowerCase()))].sort();
  return `email:${emails.join(',')};groups:${groups.join(',')}`;
}

function sum(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, SumChars);
}
