/**
 * Validation of routine create/update bodies as Omni's schema (RoutineCreateBody, RoutineUpdateBody,
 * RoutineDestination) and docs describe them: no unknown keys, required fields, types, lengths
 * (counted in code points, as JSON Schema does), e-mail and uuid formats, at most 100 of each
 * recipient kind; then what the schema cannot say: the cron, the time zone, known user groups, at
 * least one recipient, Slack ids. Problems read "<field>: <problem>", as in Omni's
 * "Bad Request: prompt: Required".
 */
import { userGroup } from './fixtures.js';
import { scheduleProblem, timezoneProblem } from './routine-schedule.js';
import type { RoutineDestination } from './routine-types.js';

/** The `email` format of the JSON Schema validator the tests use (ajv-formats, full mode). */
const emailPattern =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const MaxRecipientsPerKind = 100;

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export interface ValidCreate {
  modelId: string;
  name: string;
  prompt: string;
  schedule: string;
  timezone: string;
  destination: RoutineDestination;
  branchId: string | null;
  description: string | null;
  topicName: string | null;
  gating: 'auto' | 'alert' | 'unconditional';
}

export interface ValidUpdate {
  name?: string;
  prompt?: string;
  schedule?: string;
  timezone?: string;
  description?: string | null;
  destination?: RoutineDestination;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: string[] };

interface StringRule {
  min?: number;
  max?: number;
  nullable?: boolean;
  format?: 'uuid';
}

class Checker {
  readonly issues: string[] = [];

  constructor(private readonly body: Record<string, unknown>) {}

  unknownKeys(allowed: readonly string[], at = ''): void {
    const unknown = Object.keys(this.body).filter((k) => !allowed.includes(k));
    if (unknown.length > 0) {
      this.issues.push(`${at}Unrecognized key(s) in object: ${unknown.map((k) => `'${k}'`).join(', ')}`);
    }
  }

  /** The value when it is a valid string (or null where allowed); undefined otherwise or when absent. */
  string(field: string, rule: StringRule, required = false): string | null | undefined {
    const v = this.body[field];
    if (v === undefined) {
      if (required) this.issues.push(`${field}: Required`);
      return undefined;
    }
    if (v === null && rule.nullable) return null;
    if (typeof v !== 'string') {
      this.issues.push(`${field}: Expected string, received ${typeName(v)}`);
      return undefined;
    }
    const length = codePoints(v);
    if (rule.min !== undefined && length < rule.min) {
      this.issues.push(`${field}: String must contain at least ${rule.min} character(s)`);
      return undefined;
    }
    if (rule.max !== undefined && length > rule.max) {
      this.issues.push(`${field}: String must contain at most ${rule.max} character(s)`);
      return undefined;
    }
    if (rule.format === 'uuid' && !uuidPattern.test(v)) {
      this.issues.push(`${field}: Invalid uuid`);
      return undefined;
    }
    return v;
  }

  /** Runs a semantic check on a value that passed its type check. */
  semantic(field: string, value: string | null | undefined, check: (v: string) => string | undefined): void {
    if (typeof value !== 'string') return;
    const problem = check(value);
    if (problem) this.issues.push(`${field}: ${problem}`);
  }
}

function stringArray(
  issues: string[],
  owner: Record<string, unknown>,
  field: string,
  at: string,
  format: { pattern: RegExp; name: string },
): string[] | undefined {
  const v = owner[field];
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    issues.push(`${at}${field}: Expected array, received ${typeName(v)}`);
    return undefined;
  }
  if (v.length > MaxRecipientsPerKind) {
    issues.push(`${at}${field}: Array must contain at most ${MaxRecipientsPerKind} element(s)`);
    return undefined;
  }
  let ok = true;
  v.forEach((item: unknown, i) => {
    if (typeof item !== 'string') {
      issues.push(`${at}${field}.${i}: Expected string, received ${typeName(item)}`);
      ok = false;
    } else if (!format.pattern.test(item)) {
      issues.push(`${at}${field}.${i}: Invalid ${format.name}`);
      ok = false;
    }
  });
  return ok ? (v as string[]) : undefined;
}

const slackIdPatterns = {
  // public (C…) and private (G…) channels
  channel: /^[CG][A-Z0-9]{2,}$/,
  // members (U…) and Enterprise Grid users (W…)
  users: /^[UW][A-Z0-9]{2,}$/,
} as const;

/** Validates a destination (create or update); issues are prefixed "destination.". */
export function destinationIssues(value: unknown, issues: string[]): RoutineDestination | undefined {
  const at = 'destination.';
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    issues.push(`destination: Expected object, received ${typeName(value)}`);
    return undefined;
  }
  if (value.type === 'email') {
    const unknown = Object.keys(value).filter((k) => !['type', 'recipientEmails', 'userGroupIds'].includes(k));
    if (unknown.length > 0) issues.push(`destination: Unrecognized key(s) in object: ${unknown.map((k) => `'${k}'`).join(', ')}`);
    const emails = stringArray(issues, value, 'recipientEmails', at, { pattern: emailPattern, name: 'email' });
    const groups = stringArray(issues, value, 'userGroupIds', at, { pattern: uuidPattern, name: 'uuid' });
    if (!emails || !groups || unknown.length > 0) return undefined;
    const missing = groups.filter((id) => !userGroup(id));
    if (missing.length > 0) {
      issues.push(`${at}userGroupIds: User group(s) not found in the organization: ${missing.join(', ')}`);
      return undefined;
    }
    if (emails.length === 0 && groups.length === 0) {
      issues.push('destination: An email destination needs at least one recipient (recipientEmails or userGroupIds)');
      return undefined;
    }
    return { type: 'email', recipientEmails: [...emails], userGroupIds: groups.map((g) => g.toLowerCase()) };
  }
  if (value.type === 'slack') {
    const unknown = Object.keys(value).filter((k) => !['type', 'recipientId', 'slackRecipientType'].includes(k));
    if (unknown.length > 0) issues.push(`destination: Unrecognized key(s) in object: ${unknown.map((k) => `'${k}'`).join(', ')}`);
    const { recipientId, slackRecipientType: kind } = value;
    let ok = unknown.length === 0;
    if (kind === undefined) {
      issues.push(`${at}slackRecipientType: Required`);
      ok = false;
    } else if (kind !== 'channel' && kind !== 'users') {
      issues.push(`${at}slackRecipientType: Invalid enum value. Expected 'channel' | 'users', received ${JSON.stringify(kind)}`);
      ok = false;
    }
    if (recipientId === undefined) {
      issues.push(`${at}recipientId: Required`);
      ok = false;
    } else if (typeof recipientId !== 'string') {
      issues.push(`${at}recipientId: Expected string, received ${typeName(recipientId)}`);
      ok = false;
    } else if (recipientId.length === 0) {
      issues.push(`${at}recipientId: String must contain at least 1 character(s)`);
      ok = false;
    }
    if (!ok) return undefined;
    const slackKind = kind as 'channel' | 'users';
    const id = recipientId as string;
    if (!slackIdPatterns[slackKind].test(id)) {
      const expected = slackKind === 'channel' ? 'a Slack channel id such as C01234567' : 'a Slack user id such as U01234567';
      issues.push(`${at}recipientId: Expected ${expected} for slackRecipientType '${slackKind}', got '${id}'`);
      return undefined;
    }
    return { type: 'slack', recipientId: id, slackRecipientType: slackKind };
  }
  issues.push(
    value.type === undefined
      ? `${at}type: Required`
      : `${at}type: Invalid discriminator value. Expected 'email' | 'slack', received ${JSON.stringify(value.type)}`,
  );
  return undefined;
}

const createKeys = ['modelId', 'name', 'prompt', 'schedule', 'timezone', 'destination', 'branchId', 'description', 'topicName', 'gating'];
const updateKeys = ['name', 'prompt', 'schedule', 'timezone', 'description', 'destination'];

function scheduleAndZone(c: Checker, schedule: string | null | undefined, timezone: string | null | undefined): void {
  c.semantic('schedule', schedule, scheduleProblem);
  c.semantic('timezone', timezone, timezoneProblem);
}

export function validateCreate(body: Record<string, unknown>): Validated<ValidCreate> {
  const c = new Checker(body);
  c.unknownKeys(createKeys);
  const modelId = c.string('modelId', { format: 'uuid' }, true);
  const name = c.string('name', { min: 1, max: 512 }, true);
  const prompt = c.string('prompt', { min: 1 }, true);
  const schedule = c.string('schedule', { min: 1 }, true);
  const timezone = c.string('timezone', { min: 1 }, true);
  if (body.destination === undefined) c.issues.push('destination: Required');
  const destination = destinationIssues(body.destination, c.issues);
  const branchId = c.string('branchId', { format: 'uuid' });
  const description = c.string('description', { max: 2000 });
  const topicName = c.string('topicName', { max: 256 });
  const gating = body.gating;
  if (gating !== undefined && gating !== 'auto' && gating !== 'alert' && gating !== 'unconditional') {
    c.issues.push(`gating: Invalid enum value. Expected 'auto' | 'alert' | 'unconditional', received ${JSON.stringify(gating)}`);
  }
  scheduleAndZone(c, schedule, timezone);
  if (c.issues.length > 0) return { ok: false, issues: c.issues };
  return {
    ok: true,
    value: {
      modelId: (modelId as string).toLowerCase(),
      name: name as string,
      prompt: prompt as string,
      schedule: schedule as string,
      timezone: timezone as string,
      destination: destination as RoutineDestination,
      branchId: typeof branchId === 'string' ? branchId.toLowerCase() : null,
      description: description ?? null,
      topicName: topicName ?? null,
      gating: (gating as ValidCreate['gating'] | undefined) ?? 'auto',
    },
  };
}

export function validateUpdate(body: Record<string, unknown>): Validated<ValidUpdate> {
  const c = new Checker(body);
  c.unknownKeys(updateKeys);
  const name = c.string('name', { min: 1, max: 512 });
  const prompt = c.string('prompt', { min: 1 });
  const schedule = c.string('schedule', { min: 1 });
  const timezone = c.string('timezone', { min: 1 });
  const description = c.string('description', { max: 2000, nullable: true });
  const destination = destinationIssues(body.destination, c.issues);
  scheduleAndZone(c, schedule, timezone);
  if (c.issues.length > 0) return { ok: false, issues: c.issues };
  const value: ValidUpdate = {};
  if (typeof name === 'string') value.name = name;
  if (typeof prompt === 'string') value.prompt = prompt;
  if (typeof schedule === 'string') value.schedule = schedule;
  if (typeof timezone === 'string') value.timezone = timezone;
  if (description !== undefined) value.description = description;
  if (destination) value.destination = destination;
  return { ok: true, value };
}
