import { Alert, Center, Loader } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Navigate, useLocation } from '@tanstack/react-router';
import type { ReactNode } from 'react';
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
  if (error) return <ErrorState title={t('account.meLoadError')} error={error} onRetry={refetch} />;
  if (me === undefined)
    return (
      <Center py="xl">
        <Loader aria-label={t('account.loading')} />
      </Center>
    );
  if (me === null) return <Navigate to="/anmelden" search={{ next: href }} replace />;
  if (me.twoFactor.enrolmentRequired) return <Navigate to="/zwei-faktor" search={{ next: href }} replace />;
  if (permission && !can(permission))
    return (
      <Alert
        color="orange"
        styles={{ title: { color: 'var(--mantine-color-orange-9)' } }}
        variant="light"
        icon={<IconLock aria-hidden="true" />}
        title={t('account.deniedTitle')}
      >
        {t('account.deniedText')}
      </Alert>
    );
  return <>{children}</>;
}
