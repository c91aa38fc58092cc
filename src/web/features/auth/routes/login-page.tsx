import { Center, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { describeError, type ErrorDescription } from '@/web/components/error-message';
import { useT } from '@/web/components/i18n/i18n';
import { usePageTitle } from '@/web/components/use-page-title';
import { useConfirmTotp, useLogin, type LoginResult } from '@/web/features/auth/api/login';
import { LoginForm } from '@/web/features/auth/components/login-form';
import { TotpForm } from '@/web/features/auth/components/totp-form';

/** `/anmelden`: e-mail and password, then an authenticator code when the account has one. */
export function LoginPage() {
  const t = useT();
  usePageTitle(t('login.title'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const login = useLogin();
  const confirmTotp = useConfirmTotp();
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [unexpected, setUnexpected] = useState(false);

  const handleAnswer = async (answer: LoginResult | undefined) => {
    // enrolment_required: signed in, but only to set up a second factor. Until the page for that
    // exists it leads to the start page like ok.
    if (answer?.status === 'ok' || answer?.status === 'enrolment_required') {
      // What the user may see changes with the session: fetch everything anew.
      await queryClient.invalidateQueries();
      await navigate({ to: '/' });
    } else if (answer?.status === 'totp_required') {
      setStep('totp');
    } else {
      setUnexpected(true);
    }
  };

  const failureOf = (error: unknown): ErrorDescription | undefined =>
    unexpected
      ? { message: t('login.unexpectedAnswer'), reference: undefined }
      : error
        ? describeError(t, error)
        : undefined;

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
