import type { AllocationRequest } from '@/contracts/delegates';
import type { MessageKey } from '@/web/components/i18n/translate';

/** What the form holds: text as typed, so that a wrong entry can be named instead of clamped. */
export interface AllocationFormValues {
  parent: string;
  level: 'district' | 'local';
  seats: string;
  method: AllocationRequest['method'];
  cutoff: string;
  minimumSeats: string;
  basicSeats: string;
  seed: string;
}

export type AllocationFormField = 'parent' | 'seats' | 'cutoff' | 'minimumSeats' | 'basicSeats' | 'seed';

export function initialAllocationForm(today: string, parent: string): AllocationFormValues {
  return {
    parent,
    level: 'district',
    seats: '',
    method: 'sainte-lague',
    cutoff: today,
    minimumSeats: '0',
    basicSeats: '0',
    seed: '',
  };
}

const wholeNumber = (text: string, min: number, max: number): number | undefined => {
  const trimmed = text.trim().replace(/\./g, '');
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : undefined;
};

const isCalendarDate = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};

/**
 * Checks the form and builds the request. Each problem is a message key naming the field and the
 * fix; `today` (YYYY-MM-DD, German, as the server counts) bounds the cut-off date, since nobody can be counted ahead.
 */
export function checkAllocationForm(
  values: AllocationFormValues,
  today: string,
): { errors: Partial<Record<AllocationFormField, MessageKey>>; request?: AllocationRequest } {
  const errors: Partial<Record<AllocationFormField, MessageKey>> = {};
  if (!values.parent) errors.parent = 'delegates.validation.parent';
  const seats = wholeNumber(values.seats, 1, 10_000);
  if (seats === undefined) errors.seats = 'delegates.validation.seats';
  const cutoff = values.cutoff.trim();
  if (!isCalendarDate(cutoff)) errors.cutoff = 'delegates.validation.cutoff';
  else if (cutoff > today) errors.cutoff = 'delegates.validation.cutoffFuture';
  const minimumSeats = values.minimumSeats.trim() === '' ? 0 : wholeNumber(values.minimumSeats, 0, 100);
  if (minimumSeats === undefined) errors.minimumSeats = 'delegates.validation.minimumSeats';
  const basicSeats = values.basicSeats.trim() === '' ? 0 : wholeNumber(values.basicSeats, 0, 100);
  if (basicSeats === undefined) errors.basicSeats = 'delegates.validation.basicSeats';
  const seed = values.seed.trim() === '' ? null : wholeNumber(values.seed, 0, 2 ** 31);
  if (seed === undefined) errors.seed = 'delegates.validation.seed';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    request: {
      level: values.level,
      parent: values.parent,
      seats: seats!,
      method: values.method,
      cutoff,
      ...(minimumSeats ? { minimumSeats } : {}),
      ...(basicSeats ? { basicSeats } : {}),
      ...(seed !== null ? { seed: seed! } : {}),
    },
  };
}
