import type { MemberStatus, TransitionType } from '@/contracts/members';
import type { MessageKey } from '@/web/components/i18n/translate';

export const statusKey = (status: MemberStatus): MessageKey => `members.status.${status}`;
export const transitionKey = (type: TransitionType): MessageKey => `members.transitions.${type}.label`;
export const transitionConsequenceKey = (type: TransitionType): MessageKey =>
  `members.transitions.${type}.consequence`;
export const transitionDateKey = (type: TransitionType): MessageKey => `members.transitions.${type}.date`;

/** Badge colours: those who count as members in green, the ended ones in grey. */
export function statusColor(status: MemberStatus): string {
  switch (status) {
    case 'member':
      return 'green';
    case 'applicant':
      return 'blue';
    case 'provisional':
      return 'teal';
    case 'dormant':
      return 'yellow';
    default:
      return 'gray';
  }
}

/** "Müller, Hans" — how lists name a person. */
export function sortName(member: { firstName: string; lastName: string }): string {
  return member.firstName ? `${member.lastName}, ${member.firstName}` : member.lastName;
}

/** Whether a date field holds a whole date (YYYY-MM-DD); an emptied or half-typed field does not. */
export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}
