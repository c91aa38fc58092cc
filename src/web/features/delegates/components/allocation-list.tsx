import { Badge, Box, Paper, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';
import { useAllocations } from '@/web/features/delegates/api/get-allocations';

/** The stored allocations, newest first; each can be opened again exactly as it was computed. */
export function AllocationList({ openId }: { openId: number | undefined }) {
  const t = useT();
  const format = useFormat();
  const allocations = useAllocations();
  const items = allocations.data?.items;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="delegates-list-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h3" id="delegates-list-title">
            {t('delegates.list.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('delegates.list.hint')}
          </Text>
        </div>
        {allocations.isError ? (
          <ErrorState
            title={t('delegates.list.loadError')}
            error={allocations.error}
            onRetry={() => void allocations.refetch()}
          />
        ) : !items ? (
          <Stack gap="xs" aria-busy="true">
            <Text role="status" size="sm">
              {t('delegates.list.loading')}
            </Text>
            <Skeleton height={80} />
          </Stack>
        ) : items.length === 0 ? (
          <Text c="dimmed">{t('delegates.list.empty')}</Text>
        ) : (
          <Box
            style={{ overflowX: 'auto' }}
            tabIndex={0}
            role="region"
            aria-label={t('delegates.list.caption')}
          >
            <Table striped verticalSpacing="xs" captionSide="top" miw={520}>
              <Table.Caption>
                <VisuallyHidden>{t('delegates.list.caption')}</VisuallyHidden>
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('delegates.list.number')}</Table.Th>
                  <Table.Th scope="col">{t('delegates.list.createdAt')}</Table.Th>
                  <Table.Th scope="col">{t('delegates.list.cutoff')}</Table.Th>
                  <Table.Th scope="col">{t('delegates.list.method')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('delegates.list.seats')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Th scope="row" fw={400}>
                      <AnchorLink
                        to="/delegierte"
                        search={{ verteilung: a.id }}
                        aria-label={t('delegates.list.openLabel', { id: a.id })}
                        aria-current={a.id === openId ? 'page' : undefined}
                      >
                        {a.id}
                      </AnchorLink>
                      {a.id === openId && (
                        <Badge ml="xs" size="sm" variant="light">
                          {t('delegates.list.current')}
                        </Badge>
                      )}
                    </Table.Th>
                    <Table.Td>{format.dateTime(a.createdAt)}</Table.Td>
                    <Table.Td>{format.date(a.cutoff)}</Table.Td>
                    <Table.Td>{t(`delegates.methods.${a.method}`)}</Table.Td>
                    <Table.Td ta="right">{format.number(a.seats)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
        )}
      </Stack>
    </Paper>
  );
}
