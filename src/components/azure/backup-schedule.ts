// A 5-field cron schedule (UTC) as an Azure VM backup schedule. Azure backs VMs up daily, weekly
// on chosen days, or every 4, 6, 8 or 12 hours, starting on the hour or half hour; other
// schedules cannot be expressed and are refused with the reason. Pure: exported for tests.
import { checkCron } from '../../api/schema/formats';

export const DAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;
export type DayName = (typeof DAY_NAMES)[number];

/** Intervals (hours) of Azure's hourly VM backups. */
export const HOURLY_INTERVALS = [4, 6, 8, 12] as const;

export type AzureBackupSchedule =
  | { readonly frequency: 'Daily'; readonly time: string }
  | { readonly frequency: 'Weekly'; readonly days: readonly DayName[]; readonly time: string }
  | {
      readonly frequency: 'Hourly';
      readonly interval: (typeof HOURLY_INTERVALS)[number];
      /** First run of the day, `HH:MM`. */
      readonly time: string;
    };

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const SHORT_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Days of a day-of-week field (numbers 0-7, names, ranges, lists, steps) in week order. */
function days(field: string): DayName[] {
  const found = new Set<number>();
  const value = (v: string): number => {
    const i = SHORT_DAYS.indexOf(v.toUpperCase());
    return i >= 0 ? i : Number(v) % 7;
  };
  for (const part of field.split(',')) {
    const [range = '*', stepText] = part.split('/');
    const step = stepText !== undefined ? Number(stepText) : 1;
    const [lo, hi] = range === '*' ? [0, 6] : range.split('-').map(value);
    const start = lo ?? 0;
    const end = hi ?? (stepText !== undefined ? 6 : start);
    for (let d = start; d <= end; d += step) found.add(d % 7);
  }
  return [...found].sort((a, b) => a - b).map((d) => DAY_NAMES[d] ?? 'Sunday');
}

/** The Azure schedule of a cron schedule, or why there is none (a clause to follow the value). */
export function azureBackupSchedule(schedule: string): AzureBackupSchedule | string {
  const text = MACROS[schedule.trim().toLowerCase()] ?? schedule.trim();
  const bad = checkCron(text);
  if (bad !== undefined) {
    return `is not a 5-field cron schedule (${bad}); use a form like "0 2 * * *" (02:00 UTC every day)`;
  }
  const [minute = '', hour = '', dom = '', month = '', dow = ''] = text.split(/\s+/);
  if (dom !== '*' || month !== '*') {
    return 'restricts the day of month or the month; Azure VM backups run daily, weekly on chosen days or every few hours, so use "*" for both';
  }
  if (minute !== '0' && minute !== '30') {
    return `starts at minute "${minute}"; Azure VM backups start on the hour or half hour, so use minute 0 or 30`;
  }
  const m = Number(minute);
  if (/^\d+$/.test(hour)) {
    const time = `${pad(Number(hour))}:${pad(m)}`;
    return dow === '*'
      ? { frequency: 'Daily', time }
      : { frequency: 'Weekly', days: days(dow), time };
  }
  const step = /^(\*|\d+)\/(\d+)$/.exec(hour);
  const interval = Number(step?.[2]);
  if (step !== null && (HOURLY_INTERVALS as readonly number[]).includes(interval) && dow === '*') {
    const first = step[1] === '*' ? 0 : Number(step[1]);
    return {
      frequency: 'Hourly',
      interval: interval as (typeof HOURLY_INTERVALS)[number],
      time: `${pad(first % interval)}:${pad(m)}`,
    };
  }
  return `runs at hours "${hour}"${dow !== '*' ? ` on days "${dow}"` : ''}; Azure VM backups run once a day at one time, weekly on chosen days, or every ${HOURLY_INTERVALS.join(', ')} hours every day (like "0 */6 * * *")`;
}

/** An ISO time on an arbitrary date, as Azure backup schedules take times. */
export function scheduleTime(hhmm: string): string {
  return `2024-01-01T${hhmm}:00Z`;
}
