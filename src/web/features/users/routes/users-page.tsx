import { Badge, Button, Group, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { RequireSignIn } from '@/web/features/auth/components/require-sign-in';
import { useUsers, type UserListFilter } from '@/web/features/users/api/get-users';
import type { CreateUserResult } from '@/web/features/users/api/create-user';
import { CreateUserForm } from '@/web/features/users/components/create-user-form';
import { SetupLinkAlert } from '@/web/features/users/components/setup-link-alert';
import { TableScrollRegion } from '@/web/components/table-scroll-region';

function UsersContent() {
  const t = useT();
  const format = useFormat();
  const [q, setQ] = useState('');
  const [active, setActive] = useState<'all' | 'true' | 'false'>('true');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const filter: UserListFilter = {
    ...(debounced ? { q: debounced } : {}),
    ...(active !== 'all' ? { active } : {}),
  };
  const users = useUsers(filter);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreateUserResult | null>(null);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} mb="xs">
            {t('admin.usersTitle')}
          </Title>
          <Text c="dimmed" maw={700}>
            {t('admin.usersIntro')}
          </Text>
        </div>
        {!creating && (
          <Button
            leftSection={<IconUserPlus size={18} aria-hidden="true" />}
            onClick={() => {
              setCreated(null);
              setCreating(true);
            }}
          >
            {t('admin.createOpen')}
          </Button>
        )}
      </Group>

      {created?.setupLink && <SetupLinkAlert name={created.user.displayName} link={created.setupLink} />}
      {creating && (
        <CreateUserForm
          onCancel={() => setCreating(false)}
          onCreated={(result) => {
            setCreated(result);
            setCreating(false);
          }}
        />
      )}

      <Group align="flex-end" gap="md">
        <TextInput
          type="search"
          label={t('admin.search')}
          placeholder={t('admin.searchPlaceholder')}
          leftSection={<IconSearch size={18} aria-hidden="true" />}
          value={q}
          onChange={(event) => setQ(event.currentTarget.value)}
          w={{ base: '100%', sm: 360 }}
        />
        <SegmentedControl
          aria-label={t('admin.statusFilter')}
          value={active}
          onChange={(value) => setActive(value as typeof active)}
          data={[
            { value: 'true', label: t('admin.filterActive') },
            { value: 'false', label: t('admin.filterInactive') },
            { value: 'all', label: t('admin.filterAll') },
          ]}
        />
      </Group>

      {users.isError ? (
        <ErrorState
          title={t('admin.usersLoadError')}
          error={users.error}
          onRetry={() => void users.refetch()}
        />
      ) : !users.data ? (
        <Text>{t('account.loading')}</Text>
      ) : users.data.items.length === 0 ? (
        <Text>{t('admin.usersEmpty')}</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('admin.usersCount', { count: users.data.total })}
          </Text>
          <TableScrollRegion label={t('admin.usersTitle')} minWidth={720}>
            <Table striped highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.displayName')}</Table.Th>
                  <Table.Th>{t('admin.roles')}</Table.Th>
                  <Table.Th>{t('admin.status')}</Table.Th>
                  <Table.Th>{t('admin.lastLogin')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.data.items.map((user) => (
                  <Table.Tr key={user.id}>
                    <Table.Td>
                      <AnchorLink to="/benutzer/$id" params={{ id: String(user.id) }} fw={600}>
                        {user.displayName}
                      </AnchorLink>
                      <Text size="xs" c="dimmed">
                        {user.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {user.grants.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          {t('admin.noRoles')}
                        </Text>
                      ) : (
                        user.grants.map((grant) => (
                          <Text size="sm" key={grant.id}>
                            {t('account.roleAt', { role: grant.roleName, unit: grant.unitName })}
                          </Text>
                        ))
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {!user.active ? (
                          <Badge color="gray" c="gray.8" variant="light">
                            {t('admin.inactive')}
                          </Badge>
                        ) : !user.passwordSet ? (
                          <Badge color="yellow" c="#6b4300" variant="light">
                            {t('admin.setupPending')}
                          </Badge>
                        ) : (
                          <Badge color="green" c="#1b5e2a" variant="light">
                            {t('admin.active')}
                          </Badge>
                        )}
                        {user.active && user.twoFactorEnabled && (
                          <Badge variant="outline" size="sm">
                            {t('admin.twoFactorShort')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {user.lastLoginAt ? format.dateTime(user.lastLoginAt) : t('admin.neverSignedIn')}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScrollRegion>
        </>
      )}
    </Stack>
  );
}

/** `/benutzer`: the accounts within the caller's units (user:manage). */
export function UsersPage() {
  const t = useT();
  usePageTitle(t('admin.usersTitle'));
  return (
    <RequireSignIn permission="user:manage">
      <UsersContent />
    </RequireSignIn>
  );
}
