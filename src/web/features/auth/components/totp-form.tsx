import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ErrorDescription } from '@/web/components/error-message';
import { useT } from '@/web/components/i18n/i18n';
import { normaliseTotp, validateTotp } from '@/web/features/auth/login-validation';

export interface TotpFormProps {
  onSubmit: (code: string) => void;
  onBack: () => void;
  submitting: boolean;
  failure: ErrorDescription | undefined;
}

/** The second step for accounts with an authenticator app. */
export function TotpForm({ onSubmit, onBack, submitting, failure }: TotpFormProps) {
  const t = useT();
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const problem = validateTotp(code);

  // The step replaces the password form: put the cursor where the code goes.
  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (problem) return inputRef.current?.focus();
    onSubmit(normaliseTotp(code));
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('login.totpIntro')}</Text>
        {failure && (
          <Alert
            role="alert"
            color="red"
            variant="light"
            title={t('login.failedTitle')}
            icon={<IconAlertTriangle aria-hidden="true" />}
          >
            {failure.message}
          </Alert>
        )}
        <TextInput
          ref={inputRef}
          label={t('login.totpLabel')}
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
        <Group justify="space-between" gap="sm">
          <Button variant="subtle" onClick={onBack}>
            {t('login.totpBack')}
          </Button>
          <Button type="submit" loading={submitting}>
            {t('login.totpSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
