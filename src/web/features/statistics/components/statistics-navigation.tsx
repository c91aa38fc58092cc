import { IconChartBar } from '@tabler/icons-react';
import { useT } from '@/web/components/i18n/i18n';
import { NavLinkLink } from '@/web/components/router-links';
import { useMe } from '@/web/lib/session';

/** "Statistik" for those who may read member data somewhere. */
export function StatisticsNavigation({ pathname, onNavigate }: { pathname: string; onNavigate: () => void }) {
  const t = useT();
  const { can } = useMe();
  if (!can('member:read')) return null;
  return (
    <NavLinkLink
      to="/statistik"
      label={t('statistics.nav')}
      leftSection={<IconChartBar size={20} stroke={1.7} aria-hidden="true" />}
      active={pathname.startsWith('/statistik')}
      onClick={onNavigate}
    />
  );
}
