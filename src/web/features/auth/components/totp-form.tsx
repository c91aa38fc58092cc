import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ErrorDescription } from '@/web/components/error-message';
import { useT } from '@/web/components/i18n/i18n';
import { normaliseTotp, validateRecoveryCode, validateTotp } from '@/web/features/auth/login-validation';

export interface TotpFormProps {
  onSubmit: (code: string) => void;
  onBack: () => void;
  submitting: boolean;
  failure: ErrorDescription | undefined;
}

/** The second step for accounts with an authenticator app, or with one of the recovery codes. */
export function TotpForm({ onSubmit, onBack, submitting, failure }: TotpFormProps) {
  const t = useT();
  const [mode, setMode] = useState<'totp' | 'recovery'>('totp');
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const problem = mode === 'totp' ? validateTotp(code) : validateRecoveryCode(code);

  // The step replaces the password form (or the other kind of code): put the cursor where the code goes.
  useEffect(() => {
    inputRef.current?.focus();
  }, [mode]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (problem) return inputRef.current?.focus();
    onSubmit(mode === 'totp' ? normaliseTotp(code) : code.trim());
  };

  // An empty field is not an error until the form is sent: leaving the focused, still empty field
  // for "Wiederherstellungscode verwenden" or "Zurück" would otherwise show a message that moves
  // the button away under the pointer, and the click misses it.
  const markTouched = () => {
    if (code.trim() !== '') setTouched(true);
  };

  const switchMode = () => {
    setMode(mode === 'totp' ? 'recovery' : 'totp');
    setCode('');
    setTouched(false);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{mode === 'totp' ? t('login.totpIntro') : t('account.recoveryIntro')}</Text>
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
        {mode === 'totp' ? (
          <TextInput
            key="totp"
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
            onBlur={markTouched}
            error={touched && problem ? t(problem) : undefined}
            styles={{ input: { letterSpacing: '0.3em', fontVariantNumeric: 'tabular-nums' } }}
          />
        ) : (
          <TextInput
            key="recovery"
            ref={inputRef}
            label={t('account.recoveryLabel')}
            description={t('account.recoveryDescription')}
            name="recovery"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={20}
            required
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            onBlur={markTouched}
            error={touched && problem ? t(problem) : undefined}
          />
        )}
        <Button type="submit" loading={submitting} fullWidth>
          {t('login.totpSubmit')}
        </Button>
        <Group justify="space-between" gap="sm">
          <Button variant="subtle" size="compact-sm" onClick={onBack}>
            {t('login.totpBack')}
          </Button>
          <Button variant="subtle" size="compact-sm" onClick={switchMode}>
            {mode === 'totp' ? t('account.useRecoveryCode') : t('account.useTotp')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
