import { Alert, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { memberQueryOptions } from '@/web/features/members/api/get-member';
import { useMembers } from '@/web/features/members/api/get-members';
import { sortName } from '@/web/features/members/member-labels';
import { TableSkeleton } from '@/web/features/units/components/table-skeleton';
import { UnitEmptyState } from '@/web/features/units/components/unit-empty-state';

/** How many applications the queue shows with their deadlines (each one's record is read). */
const QUEUE_LIMIT = 100;

/** `/mitglieder/antraege`: applications waiting for the Kreisverband's decision, oldest deadline first. */
export function ApplicantQueuePage() {
  const t = useT();
  const format = useFormat();
  usePageTitle(t('members.queue.title'));
  const list = useMembers({ status: ['applicant'], sort: 'name' });
  const applicants = useMemo(
    () => (list.data?.pages.flatMap((page) => page.items) ?? []).slice(0, QUEUE_LIMIT),
    [list.data],
  );
  const details = useQueries({ queries: applicants.map((item) => memberQueryOptions(item.id)) });
  const rows = applicants
    .map((item, index) => ({ item, deadline: details[index]?.data?.deadline ?? null }))
    .sort((a, b) => (a.deadline?.daysLeft ?? 9999) - (b.deadline?.daysLeft ?? 9999));
  const total = list.data?.pages[0]?.total ?? 0;

  return (
    <Stack gap="lg">
      <AnchorLink to="/mitglieder">{t('members.detail.back')}</AnchorLink>
      <header>
        <Title order={1} mb="xs">
          {t('members.queue.title')}
        </Title>
        <Text c="dimmed" maw={720}>
          {t('members.queue.intro')}
        </Text>
      </header>
      {list.isError ? (
        <ErrorState
          title={t('members.list.loadError')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.isPending ? (
        <TableSkeleton />
      ) : applicants.length === 0 ? (
        <UnitEmptyState title={t('members.queue.emptyTitle')} text={t('members.queue.emptyText')} />
      ) : (
        <>
          <Text role="status" fw={600}>
            {t('members.queue.count', { count: total })}
          </Text>
          {total > QUEUE_LIMIT && (
            <Alert variant="light">{t('members.queue.limited', { count: QUEUE_LIMIT })}</Alert>
          )}
          <Table.ScrollContainer minWidth={520}>
            <Table striped verticalSpacing="sm" captionSide="top">
              <Table.Caption>{t('members.queue.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('members.columns.name')}</Table.Th>
                  <Table.Th scope="col">{t('members.columns.place')}</Table.Th>
                  <Table.Th scope="col">{t('members.columns.unit')}</Table.Th>
                  <Table.Th scope="col">{t('members.queue.deadline')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map(({ item, deadline }) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <AnchorLink to="/mitglieder/$id" params={{ id: String(item.id) }} fw={600}>
                        {sortName(item)}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{[item.postcode, item.city].filter(Boolean).join(' ') || '–'}</Table.Td>
                    <Table.Td>{item.unitCode}</Table.Td>
                    <Table.Td>
                      {deadline ? (
                        <>
                          {format.date(deadline.due)}{' '}
                          <Badge
                            variant="light"
                            tt="none"
                            color={deadline.daysLeft < 0 ? 'red' : deadline.daysLeft <= 7 ? 'yellow' : 'gray'}
                            c={
                              deadline.daysLeft < 0 ? 'red.9' : deadline.daysLeft <= 7 ? 'yellow.9' : 'gray.9'
                            }
                          >
                            {deadline.daysLeft < 0
                              ? t('members.queue.overdue', { days: -deadline.daysLeft })
                              : t('members.queue.daysLeft', { days: deadline.daysLeft })}
                          </Badge>
                        </>
                      ) : (
                        '–'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
