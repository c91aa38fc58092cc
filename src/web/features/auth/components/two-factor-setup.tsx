import { Alert, Box, Button, Center, Code, Image, Loader, List, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { describeError } from '@/web/components/error-message';
import { ErrorState } from '@/web/components/error-state';
import { useT } from '@/web/components/i18n/i18n';
import { useConfirmTwoFactor } from '@/web/features/auth/api/confirm-two-factor';
import { useEnrolTwoFactor } from '@/web/features/auth/api/enrol-two-factor';
import { normaliseTotp, validateTotp } from '@/web/features/auth/login-validation';

/** Groups of four, as authenticator apps show a secret typed in by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Set up the authenticator app: the server's QR code (or the secret to type in), then one code from
 * the app to prove it works. Calls `onDone` with the recovery codes the server issued.
 */
export function TwoFactorSetup({ onDone }: { onDone: (codes: string[]) => void }) {
  const t = useT();
  const enrol = useEnrolTwoFactor();
  const confirm = useConfirmTwoFactor();
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const started = useRef(false);
  const problem = validateTotp(code);

  // One new secret per visit; a second start (React's development double effect) would replace it.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    enrol.mutate();
  }, [enrol]);

  if (enrol.isError)
    return (
      <ErrorState title={t('account.enrolStartError')} error={enrol.error} onRetry={() => enrol.mutate()} />
    );
  if (!enrol.data)
    return (
      <Center py="xl">
        <Loader aria-label={t('account.loading')} />
      </Center>
    );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (problem) return inputRef.current?.focus();
    confirm.mutate(normaliseTotp(code), { onSuccess: (answer) => onDone(answer.recoveryCodes) });
  };

  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrol.data.qrSvg)}`;
  return (
    <Stack gap="md">
      <List type="ordered" spacing="xs" size="sm">
        <List.Item>{t('account.enrolStep1')}</List.Item>
        <List.Item>{t('account.enrolStep2')}</List.Item>
        <List.Item>{t('account.enrolStep3')}</List.Item>
      </List>
      <Center>
        <Box bg="white" p="xs" style={{ borderRadius: 8, border: '1px solid var(--mantine-color-gray-3)' }}>
          <Image src={qr} alt={t('account.qrAlt')} w={200} h={200} />
        </Box>
      </Center>
      <Stack gap={4}>
        <Text size="sm" id="manual-secret-label">
          {t('account.manualSecret')}
        </Text>
        <Code block aria-labelledby="manual-secret-label" fz="md" style={{ letterSpacing: '0.05em' }}>
          {grouped(enrol.data.secret)}
        </Code>
      </Stack>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {confirm.error && (
            <Alert
              role="alert"
              color="red"
              variant="light"
              title={t('account.enrolFailedTitle')}
              icon={<IconAlertTriangle aria-hidden="true" />}
            >
              {describeError(t, confirm.error).message}
            </Alert>
          )}
          <TextInput
            ref={inputRef}
            label={t('account.enrolCodeLabel')}
            description={t('login.totpDescription')}
            name="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            required
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            onBlur={() => setTouched(true)}
            error={touched && problem ? t(problem) : undefined}
            styles={{ input: { letterSpacing: '0.3em', fontVariantNumeric: 'tabular-nums' } }}
          />
          <Button type="submit" loading={confirm.isPending}>
            {t('account.enrolSubmit')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
