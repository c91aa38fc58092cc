import { Badge } from '@mantine/core';
import type { MemberStatus } from '@/contracts/members';
import { useT } from '@/web/components/i18n/i18n';
import { statusColor, statusKey } from '@/web/features/members/member-labels';

export function StatusBadge({ status }: { status: MemberStatus }) {
  const t = useT();
  // Near-black text on the light tint keeps the contrast above 4.5:1 for every colour.
  return (
    <Badge color={statusColor(status)} variant="light" c="gray.9" tt="none">
      {t(statusKey(status))}
    </Badge>
  );
}
