/** Numbers, dates and money the way the reader's language writes them (de-DE: 1.234,56 €, 29.11.2025). */
export interface Formatters {
  number: (value: number) => string;
  date: (value: Date | string) => string;
  dateTime: (value: Date | string) => string;
  /** Money is kept in cents so that sums never meet floating-point rounding. */
  money: (cents: number, currency?: string) => string;
}

const toDate = (value: Date | string) => (typeof value === 'string' ? new Date(value) : value);

export function createFormatters(locale: string): Formatters {
  const number = new Intl.NumberFormat(locale);
  const date = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const money = new Map<string, Intl.NumberFormat>();
  return {
    number: (value) => number.format(value),
    date: (value) => date.format(toDate(value)),
    dateTime: (value) => dateTime.format(toDate(value)),
    money: (cents, currency = 'EUR') => {
      let formatter = money.get(currency);
      if (!formatter) {
        formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
        money.set(currency, formatter);
      }
      return formatter.format(cents / 100);
    },
  };
}
