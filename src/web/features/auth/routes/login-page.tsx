import { Center, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { describeError, type ErrorDescription } from '@/web/components/error-message';
import { useI18n } from '@/web/components/i18n/i18n';
import { usePageTitle } from '@/web/components/use-page-title';
import { useConfirmTotp, useLogin, type LoginResult } from '@/web/features/auth/api/login';
import { LoginForm } from '@/web/features/auth/components/login-form';
import { retryAfterOf } from '@/web/features/auth/components/locked-message';
import { TotpForm } from '@/web/features/auth/components/totp-form';
import { safeNext } from '@/web/features/auth/safe-next';

/**
 * `/anmelden?next=…`: e-mail and password, then an authenticator or recovery code when the account
 * has one; an account that must still set up its second factor goes to `/zwei-faktor` first.
 */
export function LoginPage() {
  const { t, locale } = useI18n();
  const next = safeNext(useSearch({ strict: false, select: (search) => search.next }));
  usePageTitle(t('login.title'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const login = useLogin();
  const confirmTotp = useConfirmTotp();
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [unexpected, setUnexpected] = useState(false);

  const handleAnswer = async (answer: LoginResult | undefined) => {
    if (answer?.status === 'ok' || answer?.status === 'enrolment_required') {
      // What the user may see changes with the session: fetch everything anew.
      await queryClient.invalidateQueries();
      if (answer.status === 'enrolment_required') {
        await navigate({ to: '/zwei-faktor', search: next ? { next } : {} });
      } else if (next) {
        await navigate({ href: next });
      } else {
        await navigate({ to: '/' });
      }
    } else if (answer?.status === 'totp_required') {
      setStep('totp');
    } else {
      setUnexpected(true);
    }
  };

  const failureOf = (error: unknown): ErrorDescription | undefined => {
    if (unexpected) return { message: t('login.unexpectedAnswer'), reference: undefined };
    if (!error) return undefined;
    const retryAfter = retryAfterOf(error);
    if (retryAfter) {
      const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(retryAfter);
      return { message: t('account.lockedUntil', { time }), reference: undefined };
    }
    return describeError(t, error);
  };

  return (
    <Center>
      <Paper withBorder shadow="sm" radius="md" p={{ base: 'lg', sm: 'xl' }} w="100%" maw={440}>
        <Stack gap="lg">
          <Stack gap="xs" align="center" ta="center">
            <ThemeIcon size={48} radius="xl" variant="light" aria-hidden="true">
              <IconShieldLock size={26} />
            </ThemeIcon>
            <Title order={1} size="h2">
              {step === 'totp' ? t('login.totpTitle') : t('login.title')}
            </Title>
            {step === 'password' && (
              <Text size="sm" c="dimmed">
                {t('login.intro')}
              </Text>
            )}
          </Stack>
          {step === 'password' ? (
            <LoginForm
              submitting={login.isPending}
              failure={failureOf(login.error)}
              onSubmit={(values) => {
                setUnexpected(false);
                login.mutate(values, { onSuccess: (answer) => void handleAnswer(answer) });
              }}
            />
          ) : (
            <TotpForm
              submitting={confirmTotp.isPending}
              failure={failureOf(confirmTotp.error)}
              onBack={() => {
                confirmTotp.reset();
                login.reset();
                setStep('password');
              }}
              onSubmit={(code) => {
                setUnexpected(false);
                confirmTotp.mutate({ code }, { onSuccess: (answer) => void handleAnswer(answer) });
              }}
            />
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
