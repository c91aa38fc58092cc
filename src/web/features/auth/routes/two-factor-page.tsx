import { Button, Center, Loader, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconDeviceMobileCheck } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useT } from '@/web/components/i18n/i18n';
import { usePageTitle } from '@/web/components/use-page-title';
import { RecoveryCodesPanel } from '@/web/features/auth/components/recovery-codes';
import { TwoFactorSetup } from '@/web/features/auth/components/two-factor-setup';
import { safeNext } from '@/web/features/auth/safe-next';
import { useMe } from '@/web/lib/session';

/** `/zwei-faktor?next=…`: set up the authenticator app; the recovery codes are shown once at the end. */
export function TwoFactorPage() {
  const t = useT();
  usePageTitle(t('account.enrolTitle'));
  const navigate = useNavigate();
  const next = safeNext(useSearch({ strict: false, select: (search) => search.next }));
  const { me } = useMe();
  const [codes, setCodes] = useState<string[] | null>(null);
  useEffect(() => {
    if (me === null) void navigate({ to: '/anmelden', search: { next: '/zwei-faktor' }, replace: true });
  }, [me, navigate]);

  if (me === undefined)
    return (
      <Center py="xl">
        <Loader aria-label={t('account.loading')} />
      </Center>
    );
  if (me === null) return null;

  const done = () => void (next ? navigate({ href: next }) : navigate({ to: '/' }));

  return (
    <Center>
      <Paper withBorder shadow="sm" radius="md" p={{ base: 'lg', sm: 'xl' }} w="100%" maw={560}>
        <Stack gap="lg">
          <Stack gap="xs" align="center" ta="center">
            <ThemeIcon size={48} radius="xl" variant="light" aria-hidden="true">
              <IconDeviceMobileCheck size={26} />
            </ThemeIcon>
            <Title order={1} size="h2">
              {codes ? t('account.recoveryTitle') : t('account.enrolTitle')}
            </Title>
            {!codes && (
              <Text size="sm" c="dimmed">
                {me.twoFactor.enrolmentRequired ? t('account.enrolRequiredIntro') : t('account.enrolIntro')}
              </Text>
            )}
          </Stack>
          {codes ? (
            <>
              <RecoveryCodesPanel codes={codes} />
              <Button onClick={done}>{t('account.recoveryContinue')}</Button>
            </>
          ) : me.twoFactor.enabled ? (
            <Text>{t('account.enrolAlreadyOn')}</Text>
          ) : (
            <TwoFactorSetup onDone={setCodes} />
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
