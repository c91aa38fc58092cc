import { Alert, Button, Card, Group, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { RoleKey } from '@/contracts/access';
import { describeError } from '@/web/components/error-message';
import { useT } from '@/web/components/i18n/i18n';
import { validateEmail } from '@/web/features/auth/login-validation';
import { useCreateUser, type CreateUserResult } from '@/web/features/users/api/create-user';
import { RoleSelect } from '@/web/features/users/components/role-select';
import { UnitSelect } from '@/web/features/users/components/unit-select';

/** A new person's account with a first role at a unit; the answer carries the one-time setup link. */
export function CreateUserForm({
  onCreated,
  onCancel,
}: {
  onCreated: (result: CreateUserResult) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [unit, setUnit] = useState<string | null>(null);
  const [role, setRole] = useState<RoleKey | null>(null);
  const [sent, setSent] = useState(false);
  const emailProblem = validateEmail(email);
  const problems = {
    email: emailProblem ? t(emailProblem) : null,
    name: name.trim() ? null : t('admin.nameRequired'),
    unit: unit ? null : t('admin.unitRequired'),
    role: role ? null : t('admin.roleRequired'),
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSent(true);
    if (Object.values(problems).some(Boolean) || !unit || !role) return;
    create.mutate(
      { email: email.trim(), displayName: name.trim(), unitCode: unit, grants: [{ role, unitCode: unit }] },
      { onSuccess: onCreated },
    );
  };

  return (
    <Card withBorder radius="md" padding="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t('admin.createTitle')}
          </Title>
          {create.error && (
            <Alert color="red" variant="light" role="alert">
              {describeError(t, create.error).message}
            </Alert>
          )}
          <Group grow align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label={t('admin.displayName')}
              required
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={sent ? problems.name : undefined}
              miw={220}
            />
            <TextInput
              label={t('login.email')}
              type="email"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={sent ? problems.email : undefined}
              miw={220}
            />
          </Group>
          <Group grow align="flex-start" gap="sm" wrap="wrap">
            <UnitSelect
              label={t('admin.unit')}
              description={t('admin.unitHint')}
              value={unit}
              onChange={setUnit}
              error={sent ? (problems.unit ?? undefined) : undefined}
            />
            <RoleSelect
              value={role}
              onChange={setRole}
              error={sent ? (problems.role ?? undefined) : undefined}
            />
          </Group>
          <Group gap="sm">
            <Button type="submit" loading={create.isPending}>
              {t('admin.createSubmit')}
            </Button>
            <Button variant="subtle" onClick={onCancel}>
              {t('admin.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
