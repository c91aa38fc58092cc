import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { ErrorState } from '@/web/components/error-state';
import { describeError } from '@/web/components/error-message';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { useEndMySession } from '@/web/features/account/api/end-my-session';
import { useMySessions } from '@/web/features/account/api/get-my-sessions';
import { describeUserAgent } from '@/web/features/account/user-agent';
import { useSignOut } from '@/web/lib/session';
import { TableHeadings, TableScrollRegion } from '@/web/components/table-scroll-region';

/** The devices where the account is signed in; each but this one can be signed out from here. */
export function SessionsCard() {
  const t = useT();
  const format = useFormat();
  const sessions = useMySessions();
  const end = useEndMySession();
  const signOut = useSignOut();
  const navigate = useNavigate();

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Title order={2} size="h3">
          {t('account.sessionsTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('account.sessionsIntro')}
        </Text>
        {sessions.isError ? (
          <ErrorState
            title={t('account.sessionsLoadError')}
            error={sessions.error}
            onRetry={() => void sessions.refetch()}
          />
        ) : !sessions.data ? (
          <Text size="sm">{t('account.loading')}</Text>
        ) : (
          <TableScrollRegion label={t('account.sessionsTitle')} minWidth={480}>
            <Table verticalSpacing="xs">
              <TableHeadings
                columns={[
                  t('account.sessionDevice'),
                  t('account.sessionSince'),
                  t('account.sessionLastSeen'),
                ]}
                actions={t('account.actions')}
              />
              <Table.Tbody>
                {sessions.data.items.map((session) => {
                  const device = describeUserAgent(session.userAgent) ?? t('account.sessionUnknownDevice');
                  return (
                    <Table.Tr key={session.id}>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Text size="sm">{device}</Text>
                          {session.current && (
                            <Badge variant="light" size="sm">
                              {t('account.sessionCurrent')}
                            </Badge>
                          )}
                        </Group>
                        {session.ip && (
                          <Text size="xs" c="dimmed">
                            {session.ip}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{format.dateTime(session.createdAt)}</Table.Td>
                      <Table.Td>{format.dateTime(session.lastSeenAt)}</Table.Td>
                      <Table.Td ta="right">
                        {!session.current && (
                          <Button
                            size="compact-sm"
                            variant="light"
                            color="red"
                            loading={end.isPending && end.variables === session.id}
                            onClick={() => end.mutate(session.id)}
                            aria-label={t('account.sessionEndLabel', {
                              device,
                              since: format.dateTime(session.createdAt),
                            })}
                          >
                            {t('account.sessionEnd')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableScrollRegion>
        )}
        {end.error && (
          <Text role="alert" size="sm" c="red.8">
            {describeError(t, end.error).message}
          </Text>
        )}
        <Group>
          <Button
            variant="outline"
            color="red"
            loading={signOut.isPending}
            onClick={() =>
              signOut.mutate('everywhere', { onSettled: () => void navigate({ to: '/anmelden' }) })
            }
          >
            {t('account.signOutEverywhere')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
