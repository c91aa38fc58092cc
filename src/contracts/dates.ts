/**
 * Today in Germany as YYYY-MM-DD: a member's day changes at German midnight, not UTC's or the
 * browser's. Server and forms use the same day, so a form never offers a day the API refuses.
 */
export function germanToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(now);
}
