import { IconUsersGroup } from '@tabler/icons-react';
import { useT } from '@/web/components/i18n/i18n';
import { NavLinkLink } from '@/web/components/router-links';
import { useMe } from '@/web/lib/session';

/** "Delegiertenschlüssel" for those who may count members somewhere (the server checks where). */
export function DelegatesNavigation({ pathname, onNavigate }: { pathname: string; onNavigate: () => void }) {
  const t = useT();
  const { can } = useMe();
  if (!can('member:read')) return null;
  return (
    <NavLinkLink
      to="/delegierte"
      label={t('delegates.nav')}
      leftSection={<IconUsersGroup size={20} stroke={1.7} aria-hidden="true" />}
      active={pathname.startsWith('/delegierte')}
      onClick={onNavigate}
    />
  );
}
