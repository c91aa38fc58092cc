import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconKey } from '@tabler/icons-react';
import { useLocation } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { PASSWORD_MIN_LENGTH } from '@/contracts/auth';
import { describeError } from '@/web/components/error-message';
import { useT } from '@/web/components/i18n/i18n';
import { ButtonLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { useSetPasswordWithLink } from '@/web/features/account/api/set-password-with-link';

/** The token travels in the link's fragment (`#token=…`), which browsers never send to a server. */
function tokenFromHash(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token || undefined;
}

/**
 * `/konto/einrichten#token=…` (first password of a new account) and
 * `/konto/passwort-setzen#token=…` (new password after "forgotten").
 */
export function SetPasswordPage({ kind }: { kind: 'setup' | 'reset' }) {
  const t = useT();
  usePageTitle(kind === 'setup' ? t('account.setupTitle') : t('account.resetTitle'));
  const hash = useLocation({ select: (location) => location.hash });
  const token = tokenFromHash(hash);
  const save = useSetPasswordWithLink(kind);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [sent, setSent] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);
  const problems = {
    password:
      password.length >= PASSWORD_MIN_LENGTH
        ? null
        : t('account.passwordTooShort', { min: PASSWORD_MIN_LENGTH }),
    repeat: repeat === password ? null : t('account.passwordMismatch'),
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSent(true);
    if (problems.password) return passwordRef.current?.focus();
    if (problems.repeat) return repeatRef.current?.focus();
    if (token) save.mutate({ token, password });
  };

  return (
    <Center>
      <Paper withBorder shadow="sm" radius="md" p={{ base: 'lg', sm: 'xl' }} w="100%" maw={480}>
        <Stack gap="lg">
          <Stack gap="xs" align="center" ta="center">
            <ThemeIcon size={48} radius="xl" variant="light" aria-hidden="true">
              <IconKey size={26} />
            </ThemeIcon>
            <Title order={1} size="h2">
              {kind === 'setup' ? t('account.setupTitle') : t('account.resetTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('account.passwordIntro', { min: PASSWORD_MIN_LENGTH })}
            </Text>
          </Stack>
          {!token ? (
            <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden="true" />}>
              {t('errors.auth.link_invalid')}
            </Alert>
          ) : save.isSuccess ? (
            <Stack gap="md">
              <Alert color="green" styles={{ title: { color: '#1b5e2a' } }} variant="light" role="status">
                {t('account.passwordSet')}
              </Alert>
              <ButtonLink to="/anmelden">{t('nav.login')}</ButtonLink>
            </Stack>
          ) : (
            <form onSubmit={submit} noValidate>
              <Stack gap="md">
                {save.error && (
                  <Alert
                    color="red"
                    variant="light"
                    role="alert"
                    icon={<IconAlertTriangle aria-hidden="true" />}
                  >
                    {describeError(t, save.error).message}
                  </Alert>
                )}
                <PasswordInput
                  ref={passwordRef}
                  label={t('account.passwordNew')}
                  autoComplete="new-password"
                  required
                  value={password}
                  onChange={(event) => setPassword(event.currentTarget.value)}
                  error={sent ? problems.password : undefined}
                  visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
                />
                <PasswordInput
                  ref={repeatRef}
                  label={t('account.passwordRepeat')}
                  autoComplete="new-password"
                  required
                  value={repeat}
                  onChange={(event) => setRepeat(event.currentTarget.value)}
                  error={sent ? problems.repeat : undefined}
                  visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
                />
                <Button type="submit" loading={save.isPending}>
                  {t('account.passwordSave')}
                </Button>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
