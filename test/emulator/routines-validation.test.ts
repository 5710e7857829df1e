/**
 * Routine create/update validation: each rule answers 400 (or 404 for lookups) with Omni's
 * `{detail, status}` body and stores nothing. Rules the routines schema states are also checked
 * to be refused by the schema itself (requestSchema: 'invalid'); rules only the docs state (cron,
 * time zone, groups, at least one recipient, Slack ids) use bodies the schema accepts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Ids } from './fixtures.js';
import { call } from './helpers.js';
import { routineBody, startEmulator, type Emulator } from './index.js';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const slack = (recipientId: string, slackRecipientType: string) => ({ type: 'slack', recipientId, slackRecipientType });
const emails = (n: number) => Array.from({ length: n }, (_, i) => `user${i}@example.com`);
const groups = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

/** POSTs routineBody with `change` applied (undefined values remove the field). */
async function post(change: Record<string, unknown>, requestSchema: 'valid' | 'invalid') {
  const body: Record<string, unknown> = { ...routineBody(emu), ...change };
  for (const [k, v] of Object.entries(change)) if (v === undefined) delete body[k];
  return call(emu, 'POST', '/v1/ai/routines', { body, requestSchema });
}

describe('create: what the schema says', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown key', { owner: 'me' }, "Bad Request: Unrecognized key(s) in object: 'owner'"],
    ['the docs page’s isActive', { isActive: true }, "Bad Request: Unrecognized key(s) in object: 'isActive'"],
    ['a missing modelId', { modelId: undefined }, 'Bad Request: modelId: Required'],
    ['a missing name', { name: undefined }, 'Bad Request: name: Required'],
    ['a missing prompt', { prompt: undefined }, 'Bad Request: prompt: Required'],
    ['a missing schedule', { schedule: undefined }, 'Bad Request: schedule: Required'],
    ['a missing timezone', { timezone: undefined }, 'Bad Request: timezone: Required'],
    ['a missing destination', { destination: undefined }, 'Bad Request: destination: Required'],
    ['a modelId that is not a uuid', { modelId: 'ecommerce' }, 'Bad Request: modelId: Invalid uuid'],
    ['a branchId that is not a uuid', { branchId: 'main' }, 'Bad Request: branchId: Invalid uuid'],
    ['a null branchId', { branchId: null }, 'Bad Request: branchId: Expected string, received null'],
    ['a null description', { description: null }, 'Bad Request: description: Expected string, received null'],
    ['a null topicName', { topicName: null }, 'Bad Request: topicName: Expected string, received null'],
    ['an empty name', { name: '' }, 'Bad Request: name: String must contain at least 1 character(s)'],
    ['a name over 512 characters', { name: 'n'.repeat(513) }, 'Bad Request: name: String must contain at most 512 character(s)'],
    ['an empty prompt', { prompt: '' }, 'Bad Request: prompt: String must contain at least 1 character(s)'],
    ['a prompt that is not a string', { prompt: 42 }, 'Bad Request: prompt: Expected string, received number'],
    ['an empty schedule', { schedule: '' }, 'Bad Request: schedule: String must contain at least 1 character(s)'],
    ['an empty timezone', { timezone: '' }, 'Bad Request: timezone: String must contain at least 1 character(s)'],
    ['a description over 2000 characters', { description: 'd'.repeat(2001) }, 'Bad Request: description: String must contain at most 2000 character(s)'],
    ['a topicName over 256 characters', { topicName: 't'.repeat(257) }, 'Bad Request: topicName: String must contain at most 256 character(s)'],
    ['an unknown gating', { gating: 'sometimes' }, `Bad Request: gating: Invalid enum value. Expected 'auto' | 'alert' | 'unconditional', received "sometimes"`],
    ['a destination that is not an object', { destination: 'lead@example.com' }, 'Bad Request: destination: Expected object, received string'],
    ['a destination without type', { destination: { recipientEmails: ['a@example.com'] } }, 'Bad Request: destination.type: Required'],
    ['an unknown destination type', { destination: { type: 'sms' } }, `Bad Request: destination.type: Invalid discriminator value. Expected 'email' | 'slack', received "sms"`],
    ['an unknown key in an email destination', { destination: { type: 'email', recipientEmails: ['a@example.com'], cc: [] } }, "Bad Request: destination: Unrecognized key(s) in object: 'cc'"],
    ['recipientEmails that is not an array', { destination: { type: 'email', recipientEmails: 'a@example.com' } }, 'Bad Request: destination.recipientEmails: Expected array, received string'],
    ['an invalid email', { destination: { type: 'email', recipientEmails: ['a@example.com', 'not an email'] } }, 'Bad Request: destination.recipientEmails.1: Invalid email'],
    ['an email that is not a string', { destination: { type: 'email', recipientEmails: [7] } }, 'Bad Request: destination.recipientEmails.0: Expected string, received number'],
    ['101 recipient emails', { destination: { type: 'email', recipientEmails: emails(101) } }, 'Bad Request: destination.recipientEmails: Array must contain at most 100 element(s)'],
    ['a user group id that is not a uuid', { destination: { type: 'email', userGroupIds: ['sales'] } }, 'Bad Request: destination.userGroupIds.0: Invalid uuid'],
    ['101 user groups', { destination: { type: 'email', userGroupIds: groups(101) } }, 'Bad Request: destination.userGroupIds: Array must contain at most 100 element(s)'],
    ['a Slack destination without recipientId', { destination: { type: 'slack', slackRecipientType: 'channel' } }, 'Bad Request: destination.recipientId: Required'],
    ['a Slack destination without slackRecipientType', { destination: { type: 'slack', recipientId: 'C0123456789' } }, 'Bad Request: destination.slackRecipientType: Required'],
    ['an empty Slack recipientId', { destination: slack('', 'channel') }, 'Bad Request: destination.recipientId: String must contain at least 1 character(s)'],
    ['an unknown slackRecipientType', { destination: slack('C0123456789', 'group') }, `Bad Request: destination.slackRecipientType: Invalid enum value. Expected 'channel' | 'users', received "group"`],
    ['two Slack channels', { destination: { type: 'slack', recipientId: 'C0123456789', slackRecipientType: 'channel', recipientIds: ['C0123456780'] } }, "Bad Request: destination: Unrecognized key(s) in object: 'recipientIds'"],
  ])('answers 400 for %s', async (_what, change, detail) => {
    const res = await post(change, 'invalid');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail, status: 400 });
    expect(emu.routines()).toEqual([]);
  });

  it('lists every problem in one detail', async () => {
    const res = await post({ name: '', modelId: undefined, extra: 1, destination: { type: 'email', recipientEmails: ['x'] } }, 'invalid');
    expect(res.body.detail).toBe(
      "Bad Request: Unrecognized key(s) in object: 'extra'; modelId: Required; name: String must contain at least 1 character(s); destination.recipientEmails.0: Invalid email",
    );
  });

  it('counts lengths in characters, not UTF-16 units', async () => {
    expect((await post({ name: '📈'.repeat(512) }, 'valid')).status).toBe(201);
    expect((await post({ name: '📈'.repeat(513) }, 'invalid')).status).toBe(400);
  });

  it('accepts the limits themselves: 512-character name, 2000-character description, 256-character topic name, 100 of each recipient kind', async () => {
    expect((await post({ name: 'n'.repeat(512), description: 'd'.repeat(2000) }, 'valid')).status).toBe(201);
    const many = await post(
      { destination: { type: 'email', recipientEmails: emails(100), userGroupIds: Array.from({ length: 100 }, (_, i) => (i % 2 ? Ids.salesGroupId : Ids.financeGroupId)) } },
      'valid',
    );
    expect(many.status).toBe(201);
    // a 256-character topic name passes validation and then is looked up (404: no such topic)
    expect((await post({ topicName: 't'.repeat(256) }, 'valid')).status).toBe(404);
  });

  it('answers 400 for a body that is not JSON, not an object, or sent without a JSON content type', async () => {
    const raw = (rawBody: string, contentType = 'application/json') =>
      call(emu, 'POST', '/v1/ai/routines', { rawBody, headers: { 'content-type': contentType } });
    expect((await raw('{"name":')).body).toEqual({ detail: 'Bad Request: Invalid JSON body', status: 400 });
    expect((await raw('["name"]')).body).toEqual({ detail: 'Bad Request: Expected object, received array', status: 400 });
    expect((await raw(JSON.stringify(routineBody(emu)), 'text/plain')).body.detail).toMatch(/Content-Type must be application\/json/);
    expect((await call(emu, 'POST', '/v1/ai/routines', { headers: { 'content-type': 'application/json' } })).body.detail).toBe(
      'Bad Request: Expected object, received undefined',
    );
  });

  it("refuses gating 'alert' with code no_condition_detected; 'auto' and 'unconditional' create", async () => {
    const res = await post({ gating: 'alert' }, 'valid');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      detail: 'The prompt does not state when the routine should deliver. Add a specific, measurable delivery condition, then try again.',
      status: 400,
      code: 'no_condition_detected',
    });
    expect((await post({ gating: 'auto' }, 'valid')).status).toBe(201);
    expect((await post({ gating: 'unconditional' }, 'valid')).status).toBe(201);
  });
});

describe('create: what only the docs say', () => {
  it.each([
    ['0 9 ? * MON *', 'Mondays at 9:00'],
    ['0 9 1 * ? *', 'the first of each month'],
    ['15 * ? * * *', 'hourly, at a quarter past'],
    ['0 8-18/2 ? * MON-FRI *', 'every two hours on weekdays'],
    ['0 9 ? JAN,APR,JUL,OCT 2#1 *', 'the first Monday of each quarter'],
    ['0 9 ? * 6L *', 'the last Friday'],
    ['0 9 L * ? *', 'the last day of the month'],
    ['0 9 LW * ? *', 'the last weekday of the month'],
    ['0 9 15W * ? *', 'the weekday nearest the 15th'],
    ['0 9 ? * mon *', 'names in lower case'],
    ['0 9 ? * * 2026-2030', 'daily, a range of years'],
    ['  0   9 ? * MON *  ', 'extra white space'],
  ])('accepts the schedule %s (%s)', async (schedule) => {
    const res = await post({ schedule }, 'valid');
    expect(res.status, res.text).toBe(201);
  });

  it.each([
    ['0 9 * * 1', /^Bad Request: schedule: Expected a six-field cron expression .*got 5 fields$/],
    ['0 0 9 ? * MON *', /got 7 fields$/],
    ['* 9 ? * MON *', /at most once per hour: the minute field must be a single minute \(0-59\), got '\*'$/],
    ['*/15 * ? * * *', /at most once per hour.*got '\*\/15'$/],
    ['0,30 9 ? * MON *', /at most once per hour.*got '0,30'$/],
    ['0-5 9 ? * MON *', /at most once per hour.*got '0-5'$/],
    ['60 9 ? * MON *', /'60' is out of range for the minute field \(0-59\)$/],
    ['0 24 ? * MON *', /'24' is out of range for the hour field \(0-23\)$/],
    ['0 9 32 * ? *', /'32' is out of range for the day-of-month field/],
    ['0 9 ? 13 MON *', /'13' is out of range for the month field \(1-12 or JAN-DEC\)$/],
    ['0 9 ? * 8 *', /'8' is out of range for the day-of-week field \(1-7 or SUN-SAT\)$/],
    ['0 9 ? * FUNDAY *', /'FUNDAY' is out of range for the day-of-week field/],
    ['0 9 ? * MON 1969', /'1969' is out of range for the year field \(1970-2199\)$/],
    ['0 9 ? * MON-SUN *', /range 'MON-SUN' in the day-of-week field runs backwards$/],
    ['0 */0 ? * * *', /step '\/0' in the hour field must be a positive whole number$/],
    ['0 9 * * MON *', /Use '\?' in exactly one of the day-of-month and day-of-week fields \(got '\*' and 'MON'\)/],
    ['0 9 1 * MON *', /Use '\?' in exactly one of the day-of-month and day-of-week fields/],
    ['0 9 ? * ? *', /Only one of the day-of-month and day-of-week fields may be '\?'$/],
    ['0 ? ? * MON *', /'\?' is only allowed in the day-of-month or day-of-week field, not in the hour field$/],
    ['0 9 ?,1 * MON *', /'\?' must stand alone in the day-of-month field$/],
    ['0 9 ? * MON#6 *', /'MON#6' is out of range for the day-of-week field/],
    ['every monday', /got 2 fields$/],
    ['daily', /got 1 field$/],
  ])('answers 400 for the schedule %j', async (schedule, detail) => {
    const res = await post({ schedule }, 'valid');
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^Bad Request: schedule: /);
    expect(res.body.detail).toMatch(detail);
    expect(res.body.status).toBe(400);
  });

  it.each(['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Calcutta', 'US/Eastern', 'Etc/UTC', 'Etc/GMT+5', 'America/Argentina/Buenos_Aires'])(
    'accepts the time zone %s',
    async (timezone) => {
      expect((await post({ timezone }, 'valid')).status).toBe(201);
    },
  );

  it.each(['utc', 'Utc', 'america/new_york', 'America/NEW_YORK', 'Mars/Olympus', 'EST5EDT-ish', '+05:00', 'GMT+5', 'New York'])('answers 400 for the time zone %j', async (timezone) => {
    const res = await post({ timezone }, 'valid');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      detail: `Bad Request: timezone: '${timezone}' is not an IANA time zone (e.g. America/New_York, Europe/Berlin, UTC)`,
      status: 400,
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an email destination without recipients', { type: 'email' }, 'Bad Request: destination: An email destination needs at least one recipient (recipientEmails or userGroupIds)'],
    ['empty recipient lists', { type: 'email', recipientEmails: [], userGroupIds: [] }, 'Bad Request: destination: An email destination needs at least one recipient (recipientEmails or userGroupIds)'],
    ['an unknown user group', { type: 'email', userGroupIds: [Ids.salesGroupId, '12345678-1234-4234-8234-123456789abc'] }, 'Bad Request: destination.userGroupIds: User group(s) not found in the organization: 12345678-1234-4234-8234-123456789abc'],
    ['a channel id for a user', slack('C0123456789', 'users'), "Bad Request: destination.recipientId: Expected a Slack user id such as U01234567 for slackRecipientType 'users', got 'C0123456789'"],
    ['a user id for a channel', slack('U0123456789', 'channel'), "Bad Request: destination.recipientId: Expected a Slack channel id such as C01234567 for slackRecipientType 'channel', got 'U0123456789'"],
    ['a channel name instead of its id', slack('#sales', 'channel'), "Bad Request: destination.recipientId: Expected a Slack channel id such as C01234567 for slackRecipientType 'channel', got '#sales'"],
  ])('answers 400 for %s', async (_what, destination, detail) => {
    const res = await post({ destination }, 'valid');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail, status: 400 });
  });

  it.each([slack('C0123456789', 'channel'), slack('G01234567', 'channel'), slack('U0123456789', 'users'), slack('W01234567', 'users')])(
    'accepts the Slack destination %j',
    async (destination) => {
      expect((await post({ destination }, 'valid')).status).toBe(201);
    },
  );
});

describe('create: lookups', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown model', { modelId: '770e8400-e29b-41d4-a716-446655440002' }, 'Model 770e8400-e29b-41d4-a716-446655440002 not found'],
    ['a schema model', { modelId: Ids.ecommerceSchemaModelId }, `Model ${Ids.ecommerceSchemaModelId} not found: routines run on shared models`],
    ['a branch given as the model', { modelId: Ids.branchId }, `Model ${Ids.branchId} not found: routines run on shared models (it is a branch: pass modelId ${Ids.modelId} and branchId ${Ids.branchId})`],
    ['a branch of another model', { branchId: Ids.otherBranchId }, `Branch ${Ids.otherBranchId} not found for model ${Ids.modelId}`],
    ['a deleted branch', { branchId: Ids.deletedBranchId }, `Branch ${Ids.deletedBranchId} not found for model ${Ids.modelId}`],
    ['a topic of another model', { topicName: 'campaigns' }, `Topic campaigns not found in model ${Ids.modelId}`],
  ])('answers 404 for %s', async (_what, change, detail) => {
    const res = await post(change, 'valid');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail, status: 404 });
    expect(emu.routines()).toEqual([]);
  });

  it('accepts a branch and a topic of the model', async () => {
    expect((await post({ modelId: Ids.otherModelId, branchId: Ids.otherBranchId, topicName: 'campaigns' }, 'valid')).status).toBe(201);
  });
});

describe('update', () => {
  let id: string;
  beforeEach(async () => {
    id = (await call<{ id: string }>(emu, 'POST', '/v1/ai/routines', { body: routineBody(emu) })).body.id;
  });
  const patch = (body: unknown, requestSchema: 'valid' | 'invalid') =>
    call(emu, 'PATCH', `/v1/ai/routines/${id}`, { body, requestSchema });

  it.each<[string, Record<string, unknown>, string]>([
    ['modelId (Omni cannot change it)', { modelId: Ids.otherModelId }, "Bad Request: Unrecognized key(s) in object: 'modelId'"],
    ['branchId and topicName', { branchId: Ids.branchId, topicName: 'customers' }, "Bad Request: Unrecognized key(s) in object: 'branchId', 'topicName'"],
    ['isActive (the docs page’s pause flag)', { isActive: false }, "Bad Request: Unrecognized key(s) in object: 'isActive'"],
    ['an empty name', { name: '' }, 'Bad Request: name: String must contain at least 1 character(s)'],
    ['a null name', { name: null }, 'Bad Request: name: Expected string, received null'],
    ['a name over 512 characters', { name: 'n'.repeat(513) }, 'Bad Request: name: String must contain at most 512 character(s)'],
    ['an empty prompt', { prompt: '' }, 'Bad Request: prompt: String must contain at least 1 character(s)'],
    ['a description over 2000 characters', { description: 'd'.repeat(2001) }, 'Bad Request: description: String must contain at most 2000 character(s)'],
    ['an invalid email', { destination: { type: 'email', recipientEmails: ['nope'] } }, 'Bad Request: destination.recipientEmails.0: Invalid email'],
    ['101 recipient emails', { destination: { type: 'email', recipientEmails: emails(101) } }, 'Bad Request: destination.recipientEmails: Array must contain at most 100 element(s)'],
  ])('answers 400 for %s', async (_what, body, detail) => {
    const before = emu.routine(id);
    const res = await patch(body, 'invalid');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail, status: 400 });
    expect(emu.routine(id)).toEqual(before);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a five-field schedule', { schedule: '0 9 * * 1' }, /^Bad Request: schedule: Expected a six-field cron expression/],
    ['a schedule more often than hourly', { schedule: '*/5 * ? * * *' }, /^Bad Request: schedule: Routines run at most once per hour/],
    ['a time zone that is not IANA', { timezone: 'Berlin' }, /^Bad Request: timezone: 'Berlin' is not an IANA time zone/],
    ['a destination without recipients', { destination: { type: 'email' } }, /^Bad Request: destination: An email destination needs at least one recipient/],
    ['a Slack user id for a channel', { destination: slack('U0123456789', 'channel') }, /^Bad Request: destination.recipientId: Expected a Slack channel id/],
  ])('answers 400 for %s', async (_what, body, detail) => {
    const before = emu.routine(id);
    const res = await patch(body, 'valid');
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(detail);
    expect(emu.routine(id)).toEqual(before);
  });

  it('answers 400 for a body that is not an object', async () => {
    expect((await patch(['name'], 'invalid')).body).toEqual({ detail: 'Bad Request: Expected object, received array', status: 400 });
  });
});
