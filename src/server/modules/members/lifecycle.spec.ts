import { describe, expect, it } from 'vitest';
import {
  addDays,
  allowedTransitions,
  deadlineFor,
  defaultStatute,
  planTransition,
  type Statute,
} from '@/server/modules/members/lifecycle';
import { AppError } from '@/server/platform/errors';

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('lifecycle', () => {
  it('admits an applicant provisionally while the Landesverband may object', () => {
    const plan = planTransition(
      defaultStatute,
      { status: 'applicant', since: '2026-01-10' },
      { type: 'admit', effectiveDate: '2026-02-01' },
    );
    expect(plan).toEqual({ type: 'admit', from: 'applicant', to: 'provisional', validFrom: '2026-02-01' });
  });

  it('admits straight to member under a statute without objection window', () => {
    const statute: Statute = { ...defaultStatute, objectionWindowDays: 0 };
    const plan = planTransition(
      statute,
      { status: 'applicant', since: '2026-01-10' },
      { type: 'admit', effectiveDate: '2026-02-01' },
    );
    expect(plan.to).toBe('member');
  });

  it('reads the date of a resignation as the last day of membership', () => {
    const plan = planTransition(
      defaultStatute,
      { status: 'member', since: '2020-01-01' },
      { type: 'resign', effectiveDate: '2026-03-31' },
    );
    expect(plan.to).toBe('resigned');
    expect(plan.validFrom).toBe('2026-04-01');
  });

  it('refuses an invalid step and names the possible ones', () => {
    const error = refusal(() =>
      planTransition(
        defaultStatute,
        { status: 'applicant', since: '2026-01-10' },
        { type: 'resign', effectiveDate: '2026-02-01' },
      ),
    );
    expect(error.code).toBe('member.invalid_transition');
    expect(error.message).toContain('admit, reject, decease');
    expect(error.details?.allowed).toEqual(['admit', 'reject', 'decease']);
  });

  it('says so when no step is possible at all', () => {
    const error = refusal(() =>
      planTransition(
        defaultStatute,
        { status: 'deceased', since: '2026-01-10' },
        { type: 'reactivate', effectiveDate: '2026-02-01' },
      ),
    );
    expect(error.details?.allowed).toEqual([]);
    expect(error.message).toContain('no step is possible');
  });

  it('refuses a step dated before the current status began', () => {
    const error = refusal(() =>
      planTransition(
        defaultStatute,
        { status: 'member', since: '2026-03-01' },
        { type: 'lapse', effectiveDate: '2026-02-01' },
      ),
    );
    expect(error.details?.earliest).toBe('2026-03-01');
  });

  it('allows an objection only inside the window', () => {
    const since = '2026-03-01';
    expect(
      planTransition(
        defaultStatute,
        { status: 'provisional', since },
        { type: 'object', effectiveDate: addDays(since, 27) },
      ).to,
    ).toBe('rejected');
    const error = refusal(() =>
      planTransition(
        defaultStatute,
        { status: 'provisional', since },
        { type: 'object', effectiveDate: addDays(since, 28) },
      ),
    );
    expect(error.message).toContain('objection window ended on 2026-03-28');
  });

  it('lets a statute drop a step', () => {
    const { suspend: _suspend, ...rest } = defaultStatute.transitions;
    const statute: Statute = { ...defaultStatute, transitions: rest };
    expect(allowedTransitions(statute, 'member')).not.toContain('suspend');
    expect(allowedTransitions(defaultStatute, 'member')).toContain('suspend');
  });

  it('computes the running deadlines from the statute', () => {
    expect(deadlineFor(defaultStatute, 'applicant', '2026-03-01')).toEqual({
      kind: 'admission_decision',
      due: '2026-03-29',
    });
    expect(
      deadlineFor({ ...defaultStatute, admissionDecisionDays: 14 }, 'applicant', '2026-03-01')?.due,
    ).toBe('2026-03-15');
    expect(deadlineFor(defaultStatute, 'provisional', '2026-03-01')?.due).toBe('2026-03-28');
    expect(deadlineFor(defaultStatute, 'member', '2026-03-01')).toBeNull();
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-03-31', 1)).toBe('2026-04-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});
