import { IconFileImport } from '@tabler/icons-react';
import { useT } from '@/web/components/i18n/i18n';
import { NavLinkLink } from '@/web/components/router-links';
import { useMe } from '@/web/lib/session';

/** "Mitglieder importieren" for accounts that may create members. */
export function ImportNavigation({ pathname, onNavigate }: { pathname: string; onNavigate: () => void }) {
  const t = useT();
  const { can } = useMe();
  if (!can('member:create')) return null;
  return (
    <NavLinkLink
      to="/mitglieder/import"
      label={t('imports.nav')}
      leftSection={<IconFileImport size={20} stroke={1.7} aria-hidden="true" />}
      active={pathname.startsWith('/mitglieder/import')}
      onClick={onNavigate}
    />
  );
}
