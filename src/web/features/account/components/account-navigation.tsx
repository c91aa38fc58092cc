import { IconHistory, IconLogin2, IconUserCircle, IconUsers } from '@tabler/icons-react';
import { useT } from '@/web/components/i18n/i18n';
import { NavLinkLink } from '@/web/components/router-links';
import { useMe } from '@/web/lib/session';

const icon = { size: 20, stroke: 1.7, 'aria-hidden': true } as const;

/** The navigation entries that depend on who is signed in and what their roles allow. */
export function AccountNavigation({ pathname, onNavigate }: { pathname: string; onNavigate: () => void }) {
  const t = useT();
  const { me, can } = useMe();
  if (me === undefined) return null;
  if (me === null)
    return (
      <NavLinkLink
        to="/anmelden"
        label={t('nav.login')}
        leftSection={<IconLogin2 {...icon} />}
        active={pathname === '/anmelden'}
        onClick={onNavigate}
        hiddenFrom="sm"
      />
    );
  return (
    <>
      {can('user:manage') && (
        <NavLinkLink
          to="/benutzer"
          label={t('admin.navUsers')}
          leftSection={<IconUsers {...icon} />}
          active={pathname.startsWith('/benutzer')}
          onClick={onNavigate}
        />
      )}
      {can('audit:read') && (
        <NavLinkLink
          to="/protokoll"
          label={t('admin.navAudit')}
          leftSection={<IconHistory {...icon} />}
          active={pathname.startsWith('/protokoll')}
          onClick={onNavigate}
        />
      )}
      <NavLinkLink
        to="/konto"
        label={t('account.navAccount')}
        leftSection={<IconUserCircle {...icon} />}
        active={pathname === '/konto' || pathname === '/zwei-faktor'}
        onClick={onNavigate}
      />
    </>
  );
}
