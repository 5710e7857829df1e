/**
 * Routine schedules: Omni's six-field cron (minute hour day-of-month month day-of-week year, `?`
 * in exactly one day field), the familiar five-field cron converted to it, words for people and
 * the next runs in the routine's time zone. Pure (the caller passes "now").
 *
 * croner and cronstrue read a six-field cron as starting with seconds, and a seven-field one as
 * seconds … year: Omni's fields are handed to them behind a `0` seconds field.
 */
import { Cron } from 'croner';
import cronstrue from 'cronstrue';

export type ScheduleReading =
  | { ok: true; /** Omni's six-field form, normalised (single spaces, upper case). */ cron: string; /** The five-field cron as written, when converted. */ convertedFrom?: string }
  | { ok: false; message: string };

const DayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
const Example = "'0 9 ? * MON *' (every Monday at 09:00) or '0 9 1 * ? *' (the 1st of each month)";

/** Reads a schedule as written in the routines file: six fields as Omni takes them, or five converted. */
export function readSchedule(written: string): ScheduleReading {
  const text = written.trim().replace(/\s+/g, ' ');
  const fields = text.split(' ');
  if (fields.length === 5) return fromFiveFields(fields, text);
  if (fields.length !== 6) {
    return { ok: false, message: `schedule '${short(text)}' has ${fields.length} fields; Omni's cron has six (minute hour day-of-month month day-of-week year), e.g. ${Example}; a five-field cron is also accepted and converted` };
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = fields.map((f) => f.toUpperCase()) as [string, string, string, string, string, string];
  const cron = [minute, hour, dayOfMonth, month, dayOfWeek, year].join(' ');
  const problem = checkSixFields(minute, hour, dayOfMonth, month, dayOfWeek, year);
  if (problem) return { ok: false, message: `schedule '${short(text)}': ${problem}` };
  return { ok: true, cron };
}

function checkSixFields(minute: string, hour: string, dayOfMonth: string, month: string, dayOfWeek: string, year: string): string | undefined {
  const questionMarks = [dayOfMonth, dayOfWeek].filter((f) => f === '?').length;
  if ([minute, hour, month, year].some((f) => f.includes('?'))) return '? may only stand for a whole day field (day-of-month or day-of-week)';
  if (questionMarks === 0) return `put ? in day-of-month or in day-of-week (Omni needs exactly one of them unspecified), e.g. ${Example}`;
  if (questionMarks === 2) return 'only one of day-of-month and day-of-week may be ?; give the other (* for every day)';
  if (!/^\d{1,2}$/.test(minute) || Number(minute) > 59) {
    return `Omni runs a routine at most once an hour, so the minute must be one number from 0 to 59 (got '${short(minute)}')`;
  }
  if (/\d/.test(dayOfWeek.replace(/#\d/g, ''))) {
    return `write days of the week as names (MON, MON-FRI, MON#1), not numbers (got '${short(dayOfWeek)}'): cron dialects disagree on whether 1 is Sunday or Monday`;
  }
  try {
    new Cron(croner(`${minute} ${hour} ${dayOfMonth} ${month} ${dayOfWeek} ${year}`), { mode: '7-part', paused: true });
  } catch (error) {
    return `not a valid cron: ${cronerMessage(error)}`;
  }
  return undefined;
}

/** `m h dom mon dow` (Unix cron: dom and dow both restricted means either) to Omni's six fields. */
function fromFiveFields(fields: string[], text: string): ScheduleReading {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.map((f) => f.toUpperCase()) as [string, string, string, string, string];
  const fail = (message: string): ScheduleReading => ({ ok: false, message: `schedule '${short(text)}' (five-field cron): ${message}` });
  if (fields.some((f) => f.includes('?'))) return fail('a five-field cron has no ?; write * or use the six-field form');
  const dayOfWeekNames = dayOfWeek === '*' ? '*' : weekdayNames(dayOfWeek);
  if (dayOfWeekNames === undefined) return fail(`cannot convert day-of-week '${short(dayOfWeek)}'; write the six-field form, e.g. ${Example}`);
  if (dayOfMonth !== '*' && dayOfWeekNames !== '*') {
    return fail("it restricts both day-of-month and day-of-week, which in a five-field cron means either of them; Omni's cron takes one: split it into two routines");
  }
  const cron =
    dayOfWeekNames === '*' ? `${minute} ${hour} ${dayOfMonth} ${month} ? *` : `${minute} ${hour} ? ${month} ${dayOfWeekNames} *`;
  const six = readSchedule(cron);
  if (!six.ok) return fail(six.message.replace(/^schedule '[^']*': /, ''));
  return { ok: true, cron: six.cron, convertedFrom: text };
}

/** Unix day-of-week numbers (0 or 7 Sunday) and names to names; undefined when it cannot be done safely. */
function weekdayNames(field: string): string | undefined {
  const days = new Set<number>();
  const named: string[] = [];
  for (const item of field.split(',')) {
    if (/^[A-Z]{3}(-[A-Z]{3})?$/.test(item) && item.split('-').every((name) => (DayNames as readonly string[]).includes(name))) {
      named.push(item);
      continue;
    }
    const nth = /^([0-7])#([1-5])$/.exec(item);
    if (nth) {
      named.push(`${DayNames[Number(nth[1]) % 7]}#${nth[2]}`);
      continue;
    }
    const range = /^(\*|([0-7])(?:-([0-7]))?)(?:\/([1-7]))?$/.exec(item);
    if (!range) return undefined;
    const from = range[1] === '*' ? 0 : Number(range[2]);
    const to = range[1] === '*' ? 6 : range[3] !== undefined ? Number(range[3]) : range[4] ? 7 : from;
    const step = range[4] ? Number(range[4]) : 1;
    if (to < from) return undefined;
    for (let day = from; day <= to; day += step) days.add(day % 7);
  }
  if (days.size === 7 && named.length === 0) return '*';
  return [...compressDays([...days].sort((a, b) => a - b)), ...named].join(',');
}

function compressDays(days: number[]): string[] {
  const out: string[] = [];
  for (let start = 0; start < days.length; ) {
    let end = start;
    while (end + 1 < days.length && days[end + 1] === days[end]! + 1) end++;
    if (end - start >= 2) out.push(`${DayNames[days[start]!]}-${DayNames[days[end]!]}`);
    else for (let k = start; k <= end; k++) out.push(DayNames[days[k]!]!);
    start = end + 1;
  }
  return out;
}

/** The schedule in words, e.g. "At 09:00, only on Monday". */
export function describeSchedule(cron: string): string {
  try {
    return cronstrue.toString(croner(cron), { use24HourTimeFormat: true, verbose: false, throwExceptionOnParseError: true });
  } catch {
    return `cron ${cron}`;
  }
}

/** The next `count` runs after `from`, in the routine's time zone (fewer when the schedule ends). */
export function nextRuns(cron: string, timezone: string, from: Date, count = 3): Date[] {
  try {
    return new Cron(croner(cron), { mode: '7-part', paused: true, timezone }).nextRuns(count, from);
  } catch {
    return [];
  }
}

/** "Mon 30 Mar 2026 09:00 CEST": a run as people in that time zone read it. */
export function formatRun(date: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')} ${part('hour')}:${part('minute')} ${zoneName(date, timezone)}`;
}

/** The zone's abbreviation where people use one (CET, EST), else its offset (GMT+5:30). */
function zoneName(date: Date, timezone: string): string {
  let offset = '';
  // Each locale knows the abbreviations of its own region's zones: British English says CET, American English EST.
  for (const locale of ['en-GB', 'en-US', 'en-AU', 'en-IN']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: timezone, timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (name && !/^(GMT|UTC)[+-]/.test(name)) return name;
    offset ||= name;
  }
  return offset || timezone;
}

let zones: Set<string> | undefined;

/** An IANA time zone Omni will take: undefined when fine, otherwise what is wrong. */
export function timezoneProblem(timezone: string): string | undefined {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);
  if (zones.has(timezone)) return undefined;
  const notIana = `timezone '${short(timezone)}' is not an IANA time zone (like Europe/Berlin, America/New_York or UTC)`;
  // Intl also takes offsets (+02:00), which are not zone names.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9][A-Za-z0-9_+-]*)*$/.test(timezone)) return notIana;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    return notIana;
  }
  if (canonical === timezone) return undefined;
  // An alias (Asia/Kolkata for Asia/Calcutta) is fine as written; a case variant is not.
  if (canonical.toLowerCase() === timezone.toLowerCase() || !/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)*$/.test(timezone)) {
    return `timezone '${short(timezone)}' is not written as IANA names it: did you mean ${canonical}?`;
  }
  return undefined;
}

/** Omni's fields as croner and cronstrue read them: seconds first, `?` kept (both read it as "any"). */
function croner(cron: string): string {
  return `0 ${cron}`;
}

function cronerMessage(error: unknown): string {
  const message = error instanceof Error && error.message ? error.message : 'unrecognised field';
  return message.replace(/^CronPattern: /, '').replace(/configuration entry (\d)/, (_m, n: string) => fieldName(Number(n)));
}

function fieldName(cronerIndex: number): string {
  return ['second', 'minute', 'hour', 'day-of-month', 'month', 'day-of-week', 'year'][cronerIndex] ?? `field ${cronerIndex}`;
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
