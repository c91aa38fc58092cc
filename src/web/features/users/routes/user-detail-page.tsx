import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { roles, type RoleKey } from '@/contracts/access';
import { describeError } from '@/web/components/error-message';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useI18n } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { RequireSignIn } from '@/web/features/auth/components/require-sign-in';
import { useAddGrant } from '@/web/features/users/api/add-grant';
import { useUser } from '@/web/features/users/api/get-user';
import { useReissueSetupLink } from '@/web/features/users/api/reissue-setup-link';
import { useRemoveGrant } from '@/web/features/users/api/remove-grant';
import { useUpdateUser } from '@/web/features/users/api/update-user';
import { RoleSelect } from '@/web/features/users/components/role-select';
import { SetupLinkAlert } from '@/web/features/users/components/setup-link-alert';
import { UnitSelect } from '@/web/features/users/components/unit-select';
import { ApiError } from '@/web/lib/api-client';
import { useMe } from '@/web/lib/session';
import { TableScrollRegion } from '@/web/components/table-scroll-region';

function UserDetail({ id }: { id: number }) {
  const { t, language } = useI18n();
  const format = useFormat();
  const { me } = useMe();
  const user = useUser(id);
  const update = useUpdateUser(id);
  const addGrant = useAddGrant(id);
  const removeGrant = useRemoveGrant(id);
  const setupLink = useReissueSetupLink(id);
  const [role, setRole] = useState<RoleKey | null>(null);
  const [unit, setUnit] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  usePageTitle(user.data?.displayName ?? t('admin.usersTitle'));

  if (user.isError)
    return (
      <ErrorState title={t('admin.userLoadError')} error={user.error} onRetry={() => void user.refetch()} />
    );
  if (!user.data) return <Text>{t('account.loading')}</Text>;
  const account = user.data;
  const isMe = me?.id === account.id;

  // The server names the reason; the sentence says it in the words of the one who tried.
  const grantFailure = (error: unknown, tried: { role: string; unit: string }) =>
    error instanceof ApiError && error.code === 'auth.forbidden'
      ? t('admin.grantRefused', tried)
      : describeError(t, error).message;

  const submitGrant = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSent(true);
    if (!role || !unit) return;
    addGrant.mutate(
      { role, unitCode: unit },
      {
        onSuccess: () => {
          setRole(null);
          setUnit(null);
          setSent(false);
        },
      },
    );
  };

  return (
    <Stack gap="lg">
      <AnchorLink to="/benutzer" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={16} aria-hidden="true" />
          {t('admin.backToUsers')}
        </Group>
      </AnchorLink>
      <header>
        <Group gap="sm" align="center">
          <Title order={1}>{account.displayName}</Title>
          <Badge
            color={account.active ? 'green' : 'gray'}
            c={account.active ? '#1b5e2a' : 'gray.8'}
            variant="light"
          >
            {account.active ? t('admin.active') : t('admin.inactive')}
          </Badge>
        </Group>
        <Text c="dimmed">{account.email}</Text>
      </header>

      <Card withBorder radius="md" padding="lg">
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t('admin.accountTitle')}
          </Title>
          <Text size="sm">
            {t('admin.createdAt', { date: format.dateTime(account.createdAt) })}{' '}
            {account.lastLoginAt
              ? t('admin.lastLoginAt', { date: format.dateTime(account.lastLoginAt) })
              : t('admin.neverSignedIn')}
          </Text>
          <Text size="sm">{account.twoFactorEnabled ? t('admin.twoFactorOn') : t('admin.twoFactorOff')}</Text>
          {update.error && (
            <Alert color="red" variant="light" role="alert">
              {describeError(t, update.error).message}
            </Alert>
          )}
          {setupLink.data && <SetupLinkAlert name={account.displayName} link={setupLink.data.setupLink} />}
          {setupLink.error && (
            <Alert color="red" variant="light" role="alert">
              {describeError(t, setupLink.error).message}
            </Alert>
          )}
          <Group gap="sm">
            {!isMe &&
              (account.active ? (
                <Button
                  color="red"
                  variant="outline"
                  loading={update.isPending}
                  onClick={() => update.mutate({ active: false })}
                >
                  {t('admin.deactivate')}
                </Button>
              ) : (
                <Button
                  variant="outline"
                  loading={update.isPending}
                  onClick={() => update.mutate({ active: true })}
                >
                  {t('admin.reactivate')}
                </Button>
              ))}
            {account.active && !account.passwordSet && account.kind === 'person' && (
              <Button variant="default" loading={setupLink.isPending} onClick={() => setupLink.mutate()}>
                {t('admin.newSetupLink')}
              </Button>
            )}
          </Group>
          {account.active && !isMe && (
            <Text size="xs" c="dimmed">
              {t('admin.deactivateHint')}
            </Text>
          )}
        </Stack>
      </Card>

      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Title order={2} size="h3">
            {t('admin.grantsTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('admin.grantsIntro')}
          </Text>
          {account.grants.length === 0 ? (
            <Text size="sm">{t('admin.noRoles')}</Text>
          ) : (
            <TableScrollRegion label={t('admin.grantsTitle')} minWidth={480}>
              <Table verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('admin.role')}</Table.Th>
                    <Table.Th>{t('admin.unit')}</Table.Th>
                    <Table.Th>{t('admin.since')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('account.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {account.grants.map((grant) => {
                    const roleName = roles[grant.role].name[language];
                    return (
                      <Table.Tr key={grant.id}>
                        <Table.Td>{roleName}</Table.Td>
                        <Table.Td>
                          {grant.unitName}{' '}
                          <Text span size="xs" c="dimmed">
                            ({grant.unitCode})
                          </Text>
                        </Table.Td>
                        <Table.Td>{format.date(grant.createdAt)}</Table.Td>
                        <Table.Td ta="right">
                          <Button
                            size="compact-sm"
                            variant="light"
                            color="red"
                            loading={removeGrant.isPending && removeGrant.variables === grant.id}
                            onClick={() => removeGrant.mutate(grant.id)}
                            aria-label={t('admin.grantRemoveLabel', { role: roleName, unit: grant.unitName })}
                          >
                            {t('admin.grantRemove')}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </TableScrollRegion>
          )}
          {removeGrant.error && (
            <Alert color="red" variant="light" role="alert">
              {removeGrant.error instanceof ApiError && removeGrant.error.code === 'auth.forbidden'
                ? t('admin.grantRemoveRefused')
                : describeError(t, removeGrant.error).message}
            </Alert>
          )}
          <form onSubmit={submitGrant} noValidate>
            <Stack gap="sm">
              <Title order={3} size="h5">
                {t('admin.grantAddTitle')}
              </Title>
              {addGrant.error && (
                <Alert color="red" variant="light" role="alert" title={t('admin.grantRefusedTitle')}>
                  {grantFailure(addGrant.error, {
                    role: addGrant.variables ? roles[addGrant.variables.role].name[language] : '',
                    unit: addGrant.variables?.unitCode ?? '',
                  })}
                </Alert>
              )}
              <Group grow align="flex-start" gap="sm" wrap="wrap">
                <RoleSelect
                  value={role}
                  onChange={setRole}
                  error={sent && !role ? t('admin.roleRequired') : undefined}
                />
                <UnitSelect
                  label={t('admin.unit')}
                  value={unit}
                  onChange={setUnit}
                  error={sent && !unit ? t('admin.unitRequired') : undefined}
                />
              </Group>
              <Group>
                <Button type="submit" loading={addGrant.isPending}>
                  {t('admin.grantAdd')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Stack>
      </Card>
    </Stack>
  );
}

/** `/benutzer/$id`: one account — deactivate, setup link, roles at units. */
export function UserDetailPage() {
  const { id } = useParams({ strict: false });
  const userId = Number(id);
  return (
    <RequireSignIn permission="user:manage">
      <UserDetail id={userId} />
    </RequireSignIn>
  );
}
