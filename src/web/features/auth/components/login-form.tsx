import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import type { ErrorDescription } from '@/web/components/error-message';
import { useT } from '@/web/components/i18n/i18n';
import { validateEmail, validatePassword } from '@/web/features/auth/login-validation';

export interface LoginFormProps {
  onSubmit: (values: { email: string; password: string }) => void;
  submitting: boolean;
  /** Why the last attempt failed, already in the reader's language. */
  failure: ErrorDescription | undefined;
}

type Field = 'email' | 'password';

/**
 * A field says what is wrong once it has been left or the form was sent,
 * and from then on updates with every keystroke.
 */
export function LoginForm({ onSubmit, submitting, failure }: LoginFormProps) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState<Record<Field, boolean>>({ email: false, password: false });
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const problems = { email: validateEmail(email), password: validatePassword(password) };
  const shown = (field: Field) => (touched[field] && problems[field] ? t(problems[field]) : undefined);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched({ email: true, password: true });
    if (problems.email) return emailRef.current?.focus();
    if (problems.password) return passwordRef.current?.focus();
    onSubmit({ email: email.trim(), password });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {failure && (
          <Alert
            role="alert"
            color="red"
            variant="light"
            title={t('login.failedTitle')}
            icon={<IconAlertTriangle aria-hidden="true" />}
          >
            {failure.message}
            {failure.reference && <div>{failure.reference}</div>}
          </Alert>
        )}
        <TextInput
          ref={emailRef}
          label={t('login.email')}
          type="email"
          name="email"
          autoComplete="username"
          inputMode="email"
          required
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          onBlur={() => setTouched((prev) => ({ ...prev, email: true }))}
          error={shown('email')}
        />
        <PasswordInput
          ref={passwordRef}
          label={t('login.password')}
          name="password"
          autoComplete="current-password"
          visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          onBlur={() => setTouched((prev) => ({ ...prev, password: true }))}
          error={shown('password')}
        />
        <Button type="submit" loading={submitting} fullWidth size="md">
          {t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}
