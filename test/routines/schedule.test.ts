import { describe, expect, it } from 'vitest';
import { describeSchedule, formatRun, nextRuns, readSchedule, timezoneProblem } from '../../src/routines/schedule.js';

const from = new Date('2026-03-25T12:00:00Z');

describe('readSchedule', () => {
  it.each([
    ['0 9 ? * MON *', '0 9 ? * MON *'],
    ['0  9 ? * mon-fri *', '0 9 ? * MON-FRI *'],
    ['30 8 1 * ? *', '30 8 1 * ? *'],
    ['0 * ? * * *', '0 * ? * * *'],
    ['0 9 L * ? *', '0 9 L * ? *'],
    ['0 9 ? * MON#2 2027', '0 9 ? * MON#2 2027'],
  ])('takes Omni six-field cron %s', (written, cron) => {
    expect(readSchedule(written)).toEqual({ ok: true, cron });
  });

  it.each([
    ['0 9 * * 1', '0 9 ? * MON *'],
    ['0 9 * * 1-5', '0 9 ? * MON-FRI *'],
    ['0 9 * * 0,6', '0 9 ? * SUN,SAT *'],
    ['0 9 * * 7', '0 9 ? * SUN *'],
    ['0 9 * * 5-7', '0 9 ? * SUN,FRI,SAT *'],
    ['0 9 * * */2', '0 9 ? * SUN,TUE,THU,SAT *'],
    ['0 9 * * 1#2', '0 9 ? * MON#2 *'],
    ['0 9 * * 0-6', '0 9 * * ? *'],
    ['30 8 1 * *', '30 8 1 * ? *'],
    ['0 9 * * *', '0 9 * * ? *'],
    ['0 9 * * tue', '0 9 ? * TUE *'],
  ])('converts five-field cron %s to %s', (written, cron) => {
    expect(readSchedule(written)).toEqual({ ok: true, cron, convertedFrom: written });
  });

  it.each([
    ['*/15 * * * *', /at most once an hour/],
    ['0,30 9 ? * MON *', /at most once an hour/],
    ['* 9 ? * MON *', /at most once an hour/],
    ['0 9 * * MON *', /put \? in day-of-month or in day-of-week/],
    ['0 9 ? * ? *', /only one of day-of-month and day-of-week may be \?/],
    ['0 ? ? * MON *', /\? may only stand for a whole day field/],
    ['0 9 ? * 1 *', /names .* not numbers/],
    ['0 25 ? * MON *', /Invalid value for hour: 25/],
    ['0 9 ? * FOO *', /day-of-week \(FOO\)/],
    ['0 9 1 * 1', /split it into two routines/],
    ['1 2 3', /has 3 fields; Omni's cron has six/],
    ['0 9 ? * 1-5', /five-field cron has no \?/],
  ])('refuses %s', (written, message) => {
    const reading = readSchedule(written);
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.message).toMatch(message);
  });
});

describe('words and next runs', () => {
  it('describes the schedule and gives the next three runs in its time zone, across a DST change', () => {
    expect(describeSchedule('0 9 ? * MON-FRI *')).toBe('At 09:00, Monday through Friday');
    const runs = nextRuns('0 9 ? * MON-FRI *', 'Europe/Berlin', from).map((run) => formatRun(run, 'Europe/Berlin'));
    expect(runs).toEqual(['Thu 26 Mar 2026 09:00 CET', 'Fri 27 Mar 2026 09:00 CET', 'Mon 30 Mar 2026 09:00 CEST']);
  });

  it('names the zone as people there do, or by its offset', () => {
    const at = new Date('2026-12-03T12:00:00Z');
    expect(formatRun(at, 'America/New_York')).toBe('Thu 3 Dec 2026 07:00 EST');
    expect(formatRun(at, 'Asia/Kolkata')).toBe('Thu 3 Dec 2026 17:30 IST');
    expect(formatRun(at, 'Asia/Tokyo')).toBe('Thu 3 Dec 2026 21:00 GMT+9');
  });

  it('reads the year field as a year, not as days of the week or seconds', () => {
    expect(nextRuns('0 9 1 * ? 2027', 'UTC', from, 1).map((d) => d.toISOString())).toEqual(['2027-01-01T09:00:00.000Z']);
    expect(nextRuns('0 9 1 * ? 2020', 'UTC', from)).toEqual([]);
  });

  it('runs at the minute in the routine time zone, not UTC', () => {
    const [run] = nextRuns('30 8 ? * * *', 'America/New_York', from, 1);
    // 12:00 UTC is 08:00 in New York (EDT): 08:30 there is 12:30 UTC the same day.
    expect(run!.toISOString()).toBe('2026-03-25T12:30:00.000Z');
  });
});

describe('timezoneProblem', () => {
  it.each(['Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata', 'Etc/GMT+5'])('takes %s', (zone) => {
    expect(timezoneProblem(zone)).toBeUndefined();
  });
  it('names the zone meant when only the case differs', () => {
    expect(timezoneProblem('europe/berlin')).toMatch(/did you mean Europe\/Berlin/);
  });
  it('refuses what is no time zone', () => {
    expect(timezoneProblem('Mars/Olympus')).toMatch(/not an IANA time zone/);
    expect(timezoneProblem('+02:00')).toMatch(/IANA/);
  });
});
