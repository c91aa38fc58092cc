import type { MemberStatus, TransitionType } from '@/contracts/members';
import { AppError } from '@/server/platform/errors';

/**
 * The membership lifecycle as an explicit state machine. Party statutes differ in deadlines and
 * in which steps exist, so the machine is data: a statute lists its transitions and deadlines.
 */
export interface TransitionRule {
  from: readonly MemberStatus[];
  to: MemberStatus;
  /**
   * What the effective date names: the first day in the new status, or the last day in the old
   * one ("Austritt zum 31.03.": still a member on 31 March, resigned from 1 April).
   */
  effectiveDate: 'first-day-of-new' | 'last-day-of-old';
}

export interface Statute {
  /** Days the Kreisverband has to decide on an application (Aufnahmeantrag). */
  admissionDecisionDays: number;
  /** Days the Landesverband may object after an admission; 0 means admission is final at once. */
  objectionWindowDays: number;
  transitions: Readonly<Partial<Record<TransitionType, TransitionRule>>>;
}

export const defaultStatute: Statute = {
  admissionDecisionDays: 28,
  objectionWindowDays: 28,
  transitions: {
    admit: { from: ['applicant'], to: 'provisional', effectiveDate: 'first-day-of-new' },
    reject: { from: ['applicant'], to: 'rejected', effectiveDate: 'first-day-of-new' },
    confirm: { from: ['provisional'], to: 'member', effectiveDate: 'first-day-of-new' },
    object: { from: ['provisional'], to: 'rejected', effectiveDate: 'first-day-of-new' },
    resign: { from: ['provisional', 'member', 'dormant'], to: 'resigned', effectiveDate: 'last-day-of-old' },
    expel: { from: ['provisional', 'member', 'dormant'], to: 'expelled', effectiveDate: 'first-day-of-new' },
    lapse: { from: ['member', 'dormant'], to: 'lapsed', effectiveDate: 'first-day-of-new' },
    decease: {
      from: ['applicant', 'provisional', 'member', 'dormant'],
      to: 'deceased',
      effectiveDate: 'first-day-of-new',
    },
    suspend: { from: ['member'], to: 'dormant', effectiveDate: 'first-day-of-new' },
    reactivate: { from: ['dormant'], to: 'member', effectiveDate: 'first-day-of-new' },
  },
};

/** The transitions a record in `status` may take, in the statute's order. */
export function allowedTransitions(statute: Statute, status: MemberStatus): TransitionType[] {
  return (Object.entries(statute.transitions) as [TransitionType, TransitionRule][])
    .filter(([, rule]) => rule.from.includes(status))
    .map(([type]) => type);
}

export interface PlannedTransition {
  type: TransitionType;
  from: MemberStatus;
  to: MemberStatus;
  /** First day of the new status (ISO date); the old status ends the day before. */
  validFrom: string;
}

/**
 * Checks a transition against the statute and the current status and says when the new status
 * begins. `currentSince` is the first day of the current status: nothing may start before it.
 */
export function planTransition(
  statute: Statute,
  current: { status: MemberStatus; since: string },
  request: { type: TransitionType; effectiveDate: string },
): PlannedTransition {
  const rule = statute.transitions[request.type];
  const allowed = allowedTransitions(statute, current.status);
  if (!rule || !rule.from.includes(current.status)) {
    throw new AppError('member.invalid_transition', {
      detail:
        allowed.length > 0
          ? `A record with status ${current.status} cannot take the step ${request.type}; possible: ${allowed.join(', ')}.`
          : `A record with status ${current.status} cannot take the step ${request.type}; no step is possible from ${current.status}.`,
      details: { currentStatus: current.status, requested: request.type, allowed },
    });
  }
  let to = rule.to;
  // Without an objection window the admission is final at once.
  if (request.type === 'admit' && statute.objectionWindowDays === 0) to = 'member';
  const validFrom =
    rule.effectiveDate === 'last-day-of-old' ? addDays(request.effectiveDate, 1) : request.effectiveDate;
  if (validFrom < current.since) {
    throw new AppError('member.invalid_transition', {
      detail: `The step ${request.type} cannot take effect before ${current.since}, when the status ${current.status} began.`,
      details: { currentStatus: current.status, requested: request.type, allowed, earliest: current.since },
    });
  }
  if (request.type === 'object') {
    const windowEnd = addDays(current.since, statute.objectionWindowDays);
    if (request.effectiveDate >= windowEnd) {
      throw new AppError('member.invalid_transition', {
        detail: `The objection window ended on ${addDays(windowEnd, -1)}; the admission can no longer be objected to.`,
        details: { currentStatus: current.status, requested: request.type, allowed: ['confirm'], windowEnd },
      });
    }
  }
  return { type: request.type, from: current.status, to, validFrom };
}

export interface Deadline {
  kind: 'admission_decision' | 'objection_window';
  /** The last day on which the step is on time. */
  due: string;
}

/** The statutory deadline that runs while a record is in `status` since `since`, if any. */
export function deadlineFor(statute: Statute, status: MemberStatus, since: string): Deadline | null {
  if (status === 'applicant') {
    return { kind: 'admission_decision', due: addDays(since, statute.admissionDecisionDays) };
  }
  if (status === 'provisional' && statute.objectionWindowDays > 0) {
    return { kind: 'objection_window', due: addDays(since, statute.objectionWindowDays - 1) };
  }
  return null;
}

/** ISO date arithmetic in UTC (no time zones: a membership day is a calendar day). */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}
