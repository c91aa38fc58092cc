import { IconChecklist, IconId, IconUsers } from '@tabler/icons-react';
import { useT } from '@/web/components/i18n/i18n';
import { NavLinkLink } from '@/web/components/router-links';
import { useMe } from '@/web/lib/session';

/** "Mitglieder" and "Mandate" for those who may read members; "Aufgaben" for everyone signed in. */
export function MemberNavigation({ pathname, onNavigate }: { pathname: string; onNavigate: () => void }) {
  const t = useT();
  const { me, can } = useMe();
  if (!me || me.twoFactor.enrolmentRequired) return null;
  const icon = { size: 20, stroke: 1.7, 'aria-hidden': true } as const;
  return (
    <>
      {can('member:read') && (
        <NavLinkLink
          to="/mitglieder"
          label={t('members.nav.members')}
          leftSection={<IconUsers {...icon} />}
          // The import wizard below /mitglieder has a navigation entry of its own.
          active={pathname.startsWith('/mitglieder') && !pathname.startsWith('/mitglieder/import')}
          onClick={onNavigate}
        />
      )}
      {can('member:read') && (
        <NavLinkLink
          to="/mandate"
          label={t('members.nav.mandates')}
          leftSection={<IconId {...icon} />}
          active={pathname.startsWith('/mandate')}
          onClick={onNavigate}
        />
      )}
      <NavLinkLink
        to="/aufgaben"
        label={t('members.nav.tasks')}
        leftSection={<IconChecklist {...icon} />}
        active={pathname.startsWith('/aufgaben')}
        onClick={onNavigate}
      />
    </>
  );
}
