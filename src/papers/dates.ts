// Day, ISO week and month keys for Daily Papers lists. Every computation is in UTC because
// Hugging Face groups papers by UTC day, so a list key means the same period in every
// time zone.

const DAY_MS = 24 * 60 * 60 * 1000;

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_KEY = /^(\d{4})-W(\d{2})$/;
const MONTH_KEY = /^(\d{4})-(\d{2})$/;

/** True for an existing calendar day written `YYYY-MM-DD`. */
export function isDayKey(value: string): boolean {
  const match = DAY_KEY.exec(value);
  if (!match) {
    return false;
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return toDayKey(date) === value;
}

/** True for `YYYY-Www` where the week exists in that ISO week-numbering year. */
export function isWeekKey(value: string): boolean {
  const match = WEEK_KEY.exec(value);
  if (!match) {
    return false;
  }
  const week = Number(match[2]);
  return week >= 1 && week <= isoWeeksInYear(Number(match[1]));
}

/** True for `YYYY-MM` with a month from 01 to 12. */
export function isMonthKey(value: string): boolean {
  const match = MONTH_KEY.exec(value);
  if (!match) {
    return false;
  }
  const month = Number(match[2]);
  return month >= 1 && month <= 12;
}

/** Returns the UTC day of `now`. */
export function todayKey(now: Date = new Date()): string {
  return toDayKey(now);
}

/** Converts an instant to its UTC day key. */
export function toDayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return toDayKey(new Date(dayStart(day) + days * DAY_MS));
}

/** Returns the ISO 8601 week containing `day`, e.g. `2025-03-12` → `2025-W11`, `2024-12-30` → `2025-W01`. */
export function isoWeekKey(day: string): string {
  const start = dayStart(day);
  const weekday = isoWeekday(start);

  // The ISO week-numbering year is the calendar year of the week's Thursday.
  const thursday = new Date(start + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Returns the month containing `day`, e.g. `2025-03-12` → `2025-03`. */
export function monthKey(day: string): string {
  dayStart(day);
  return day.slice(0, 7);
}

/** Returns the seven days of an ISO week, Monday first. */
export function daysOfWeek(weekKey: string): string[] {
  const monday = mondayOfWeek(weekKey);
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}

/** Returns every day of a month in order. */
export function daysOfMonth(monthKey: string): string[] {
  const [year, month] = parseMonthKey(monthKey);
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Array.from({ length }, (_, index) => toDayKey(new Date(Date.UTC(year, month - 1, index + 1))));
}

export function previousWeek(weekKey: string): string {
  return isoWeekKey(addDays(mondayOfWeek(weekKey), -7));
}

export function previousMonth(monthKey: string): string {
  const [year, month] = parseMonthKey(monthKey);
  return toDayKey(new Date(Date.UTC(year, month - 2, 1))).slice(0, 7);
}

function mondayOfWeek(weekKey: string): string {
  if (!isWeekKey(weekKey)) {
    throw new RangeError(`Invalid ISO week "${weekKey}": expected YYYY-Www, for example 2025-W11.`);
  }
  const year = Number(weekKey.slice(0, 4));
  const week = Number(weekKey.slice(6));

  // Week 1 is the week that contains 4 January.
  const january4 = Date.UTC(year, 0, 4);
  const mondayOfWeek1 = january4 - isoWeekday(january4) * DAY_MS;
  return toDayKey(new Date(mondayOfWeek1 + (week - 1) * 7 * DAY_MS));
}

function isoWeeksInYear(year: number): number {
  // 28 December always falls in the last ISO week of its year.
  const lastWeek = isoWeekKey(`${String(year).padStart(4, '0')}-12-28`);
  return Number(lastWeek.slice(-2));
}

/** Monday = 0 … Sunday = 6. */
function isoWeekday(time: number): number {
  return (new Date(time).getUTCDay() + 6) % 7;
}

function dayStart(day: string): number {
  if (!isDayKey(day)) {
    throw new RangeError(`Invalid day "${day}": expected YYYY-MM-DD, for example 2025-03-12.`);
  }
  return Date.parse(`${day}T00:00:00.000Z`);
}

function parseMonthKey(monthKey: string): [number, number] {
  if (!isMonthKey(monthKey)) {
    throw new RangeError(`Invalid month "${monthKey}": expected YYYY-MM, for example 2025-03.`);
  }
  return [Number(monthKey.slice(0, 4)), Number(monthKey.slice(5, 7))];
}
