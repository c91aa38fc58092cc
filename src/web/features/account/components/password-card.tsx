import { Alert, Button, Card, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN_LENGTH } from '@/contracts/auth';
import { describeError } from '@/web/components/error-message';
import { useT } from '@/web/components/i18n/i18n';
import { useChangePassword } from '@/web/features/account/api/change-password';

/** Change the password; the server ends every other session of the account. */
export function PasswordCard() {
  const t = useT();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [sent, setSent] = useState(false);

  const problems = {
    current: current ? null : t('account.passwordCurrentRequired'),
    next:
      next.length >= PASSWORD_MIN_LENGTH ? null : t('account.passwordTooShort', { min: PASSWORD_MIN_LENGTH }),
    repeat: repeat === next ? null : t('account.passwordMismatch'),
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSent(true);
    if (problems.current || problems.next || problems.repeat) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setRepeat('');
          setSent(false);
        },
      },
    );
  };

  return (
    <Card withBorder radius="md" padding="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t('account.passwordTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('account.passwordIntro', { min: PASSWORD_MIN_LENGTH })}
          </Text>
          {change.isSuccess && (
            <Alert color="green" styles={{ title: { color: '#1b5e2a' } }} variant="light" role="status">
              {t('account.passwordChanged')}
            </Alert>
          )}
          {change.error && (
            <Alert color="red" variant="light" role="alert">
              {describeError(t, change.error).message}
            </Alert>
          )}
          <PasswordInput
            label={t('account.passwordCurrent')}
            autoComplete="current-password"
            required
            value={current}
            onChange={(event) => setCurrent(event.currentTarget.value)}
            error={sent ? problems.current : undefined}
            visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
          />
          <PasswordInput
            label={t('account.passwordNew')}
            autoComplete="new-password"
            required
            value={next}
            onChange={(event) => setNext(event.currentTarget.value)}
            error={sent ? problems.next : undefined}
            visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
          />
          <PasswordInput
            label={t('account.passwordRepeat')}
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(event) => setRepeat(event.currentTarget.value)}
            error={sent ? problems.repeat : undefined}
            visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
          />
          <Group>
            <Button type="submit" loading={change.isPending}>
              {t('account.passwordSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
