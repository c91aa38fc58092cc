/** Today in Germany as YYYY-MM-DD: a member's day changes at German midnight, not UTC's. */
export function germanToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(now);
}
