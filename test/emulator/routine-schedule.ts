/**
 * Omni's routine schedule rules: a six-field cron (minute hour day-of-month month day-of-week year,
 * the Quartz/EventBridge dialect Omni's example `0 9 ? * MON *` is written in) with `?` in exactly
 * one of the two day fields, running at most once an hour; and an IANA time zone.
 */

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  /** Names accepted for values (JAN…DEC, SUN…SAT), index + min = value. */
  names?: readonly string[];
  /** `?` allowed (day fields only). */
  question?: boolean;
  /** Single items other than values/ranges/steps that this field accepts (L, 15W, 6#3, …). */
  special?: RegExp;
}

const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const weekdays = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const fields: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  // L (last day), LW (last weekday), L-3 (third-last day), 15W (weekday nearest the 15th)
  { name: 'day-of-month', min: 1, max: 31, question: true, special: /^(?:L(?:W|-(?:[1-9]|[12]\d|30))?|(?:[1-9]|[12]\d|3[01])W)$/ },
  { name: 'month', min: 1, max: 12, names: months },
  // 1-7 = SUN-SAT; L (Saturday), 6L / FRIL (last Friday), 2#1 / MON#1 (first Monday)
  {
    name: 'day-of-week',
    min: 1,
    max: 7,
    names: weekdays,
    question: true,
    special: /^(?:L|(?:[1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(?:L|#[1-5]))$/i,
  },
  { name: 'year', min: 1970, max: 2199 },
];

function value(text: string, spec: FieldSpec): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= spec.min && n <= spec.max ? n : undefined;
  }
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? index + spec.min : undefined;
}

function range(spec: FieldSpec): string {
  const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
  return `${spec.min}-${spec.max}${names}`;
}

/** Problem with one comma-separated item of a field, or undefined. */
function itemProblem(item: string, spec: FieldSpec): string | undefined {
  if (spec.special?.test(item)) return undefined;
  const m = item.match(/^([^/]+)(?:\/(.+))?$/);
  if (!m?.[1]) return `'${item}' is not a valid ${spec.name} value`;
  const [, base, step] = m as unknown as [string, string, string | undefined];
  if (step !== undefined && (!/^\d+$/.test(step) || Number(step) < 1)) {
    return `step '/${step}' in the ${spec.name} field must be a positive whole number`;
  }
  if (base === '*') return undefined;
  const bounds = base.split('-');
  if (bounds.length > 2) return `'${item}' is not a valid ${spec.name} value`;
  const values = bounds.map((b) => value(b, spec));
  if (values.some((v) => v === undefined)) return `'${item}' is out of range for the ${spec.name} field (${range(spec)})`;
  const [from, to] = values as number[];
  if (to !== undefined && (from as number) > to) return `range '${base}' in the ${spec.name} field runs backwards`;
  return undefined;
}

/**
 * Why `schedule` is not a schedule Omni accepts, as a sentence for a 400 detail (without the
 * "schedule: " prefix), or undefined when it is fine.
 */
export function scheduleProblem(schedule: string): string | undefined {
  const parts = schedule.trim().split(/\s+/).filter((p) => p !== '');
  if (parts.length !== 6) {
    return (
      `Expected a six-field cron expression (minute hour day-of-month month day-of-week year), ` +
      `e.g. '0 9 ? * MON *'; got ${parts.length} field${parts.length === 1 ? '' : 's'}`
    );
  }
  const [minute, , dayOfMonth, , dayOfWeek] = parts as [string, string, string, string, string, string];
  if (!/^\d+$/.test(minute) || Number(minute) > 59) {
    return /^\d+$/.test(minute)
      ? `'${minute}' is out of range for the minute field (0-59)`
      : `Routines run at most once per hour: the minute field must be a single minute (0-59), got '${minute}'`;
  }
  for (let i = 1; i < fields.length; i++) {
    const spec = fields[i] as FieldSpec;
    const field = parts[i] as string;
    if (field === '?') {
      if (!spec.question) return `'?' is only allowed in the day-of-month or day-of-week field, not in the ${spec.name} field`;
      continue;
    }
    for (const item of field.split(',')) {
      if (item === '?') return `'?' must stand alone in the ${spec.name} field`;
      const problem = itemProblem(item, spec);
      if (problem) return problem;
    }
  }
  const questions = [dayOfMonth, dayOfWeek].filter((f) => f === '?').length;
  if (questions !== 1) {
    return questions === 0
      ? `Use '?' in exactly one of the day-of-month and day-of-week fields (got '${dayOfMonth}' and '${dayOfWeek}'), e.g. '0 9 ? * MON *' or '0 9 1 * ? *'`
      : `Only one of the day-of-month and day-of-week fields may be '?'`;
  }
  return undefined;
}

const zones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

/**
 * Why `timezone` is not an IANA time zone, or undefined. Accepted: `Intl.supportedValuesOf('timeZone')`
 * plus 'UTC', and other ids the runtime's time zone data knows (links such as Asia/Kolkata,
 * US/Eastern, Etc/UTC; Etc/GMT+5). Spelling is case-sensitive, as IANA ids are (Intl is not); UTC
 * offsets such as '+05:00' are not zones.
 */
export function timezoneProblem(timezone: string): string | undefined {
  if (zones.has(timezone)) return undefined;
  if (/^[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z0-9][A-Za-z0-9_+-]*)*$/.test(timezone)) {
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
      // 'America/NEW_YORK' resolves to 'America/New_York': the same id, misspelt
      if (resolved === timezone || resolved.toLowerCase() !== timezone.toLowerCase()) return undefined;
    } catch {
      // not a zone the runtime knows
    }
  }
  return `'${timezone}' is not an IANA time zone (e.g. America/New_York, Europe/Berlin, UTC)`;
}
