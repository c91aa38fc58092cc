import { Alert, Center, Loader } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useLocation, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, type ReactNode } from 'react';
import type { Permission } from '@/contracts/permissions';
import { ErrorState } from '@/web/components/error-state';
import { useT } from '@/web/components/i18n/i18n';
import { useMe } from '@/web/lib/session';

/**
 * Pages that need a signed-in account: nobody signed in → `/anmelden?next=<this page>`;
 * a second factor still to set up → the set-up page; a missing permission → a plain refusal.
 */
export function RequireSignIn({ permission, children }: { permission?: Permission; children: ReactNode }) {
  const t = useT();
  const { me, can, error, refetch } = useMe();
  const href = useLocation({ select: (location) => location.href });
  const navigate = useNavigate();
  const away = me === null ? 'signIn' : me?.twoFactor.enrolmentRequired ? 'enrol' : null;
  // Once: while the router moves on, this page is still mounted and `href` already changes.
  const left = useRef(false);
  useEffect(() => {
    if (!away || left.current) return;
    left.current = true;
    if (away === 'signIn') void navigate({ to: '/anmelden', search: { next: href }, replace: true });
    if (away === 'enrol') void navigate({ to: '/zwei-faktor', search: { next: href }, replace: true });
  }, [away, href, navigate]);
  if (error) return <ErrorState title={t('account.meLoadError')} error={error} onRetry={refetch} />;
  if (me === undefined)
    return (
      <Center py="xl">
        <Loader aria-label={t('account.loading')} />
      </Center>
    );
  if (me === null) return null;
  if (me.twoFactor.enrolmentRequired) return null;
  if (permission && !can(permission))
    return (
      <Alert
        color="orange"
        styles={{ title: { color: '#8a3a0a' } }}
        variant="light"
        icon={<IconLock aria-hidden="true" />}
        title={t('account.deniedTitle')}
      >
        {t('account.deniedText')}
      </Alert>
    );
  return <>{children}</>;
}
