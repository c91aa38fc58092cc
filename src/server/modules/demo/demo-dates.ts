/** Calendar days as integers (days since 1970-01-01, proleptic Gregorian, UTC): fast and exact. */

/** Day number of a civil date (H. Hinnant's days_from_civil). */
export function dayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number. */
export function civilOf(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

/** ISO 8601 date, e.g. 2026-11-01. */
export function isoDate(dayNumber: number): string {
  const { year, month, day } = civilOf(dayNumber);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

export function parseIsoDate(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${iso}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const n = dayOf(year, month, day);
  const back = civilOf(n);
  if (back.month !== month || back.day !== day) throw new RangeError(`no such date: ${iso}`);
  return n;
}

/** The same calendar day `years` later (29 February becomes 28 February in common years). */
export function addYears(dayNumber: number, years: number): number {
  const { year, month, day } = civilOf(dayNumber);
  const target = year + years;
  const leap = (target % 4 === 0 && target % 100 !== 0) || target % 400 === 0;
  return dayOf(target, month, month === 2 && day === 29 && !leap ? 28 : day);
}

/** Full years between birth and day (the age on that day). */
export function ageOn(birth: number, dayNumber: number): number {
  const b = civilOf(birth);
  const d = civilOf(dayNumber);
  let age = d.year - b.year;
  if (d.month < b.month || (d.month === b.month && d.day < b.day)) age--;
  return age;
}

/** A timestamp literal in UTC, e.g. 2026-11-01 09:15:00+00. */
export function isoTimestamp(dayNumber: number, secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  const s = secondOfDay % 60;
  return `${isoDate(dayNumber)} ${pad2(h)}:${pad2(m)}:${pad2(s)}+00`;
}
