import { Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconInbox, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { ErrorState } from '@/web/components/error-state';
import { useT } from '@/web/components/i18n/i18n';
import { ButtonLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { useMe } from '@/web/lib/session';
import { useMembers, type MemberFilters } from '@/web/features/members/api/get-members';
import { MemberFilterBar } from '@/web/features/members/components/member-filters';
import { MemberTable } from '@/web/features/members/components/member-table';
import { TableSkeleton } from '@/web/features/units/components/table-skeleton';
import { UnitEmptyState } from '@/web/features/units/components/unit-empty-state';

/** `/mitglieder`: one search box, filters, the exact total and a list that scrolls through all of it. */
export function MembersPage() {
  const t = useT();
  usePageTitle(t('members.title'));
  const canCreate = useMe().can('member:create');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [filters, setFilters] = useState<MemberFilters>({ sort: 'name' });
  const query = useMemo<MemberFilters>(
    () => ({ ...filters, q: debounced.length > 0 ? debounced : undefined }),
    [filters, debounced],
  );
  const members = useMembers(query);
  const items = useMemo(() => members.data?.pages.flatMap((page) => page.items) ?? [], [members.data]);
  const total = members.data?.pages[0]?.total ?? 0;

  return (
    <Stack gap="lg">
      <header>
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Title order={1} mb="xs">
              {t('members.title')}
            </Title>
            <Text c="dimmed" maw={720}>
              {t('members.intro')}
            </Text>
          </div>
          <Group gap="sm">
            <ButtonLink
              to="/mitglieder/antraege"
              variant="default"
              leftSection={<IconInbox size={18} aria-hidden="true" />}
            >
              {t('members.queue.link')}
            </ButtonLink>
            {canCreate && (
              <ButtonLink to="/mitglieder/neu" leftSection={<IconUserPlus size={18} aria-hidden="true" />}>
                {t('members.create.link')}
              </ButtonLink>
            )}
          </Group>
        </Group>
      </header>

      <TextInput
        label={t('members.search.label')}
        description={t('members.search.hint')}
        placeholder={t('members.search.placeholder')}
        leftSection={<IconSearch size={18} aria-hidden="true" />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        type="search"
        size="md"
        aria-describedby="member-count"
      />
      <MemberFilterBar value={filters} onChange={(next) => setFilters({ ...next, q: undefined })} />

      <Text id="member-count" role="status" fw={600}>
        {members.isPending
          ? t('common.loading')
          : members.isError
            ? ''
            : query.q
              ? t('members.list.countSearch', { count: total, query: query.q })
              : t('members.list.count', { count: total })}
      </Text>

      {members.isError ? (
        <ErrorState
          title={t('members.list.loadError')}
          error={members.error}
          onRetry={() => void members.refetch()}
          retrying={members.isFetching}
        />
      ) : members.isPending ? (
        <TableSkeleton />
      ) : items.length === 0 ? (
        <UnitEmptyState
          icon={<IconSearch aria-hidden="true" />}
          title={t('members.list.emptyTitle')}
          text={query.q ? t('members.list.emptySearch', { query: query.q }) : t('members.list.emptyFilters')}
        />
      ) : (
        <MemberTable
          items={items}
          total={total}
          caption={t('members.list.caption')}
          hasNextPage={members.hasNextPage}
          isFetchingNextPage={members.isFetchingNextPage}
          fetchNextPage={() => void members.fetchNextPage()}
        />
      )}
    </Stack>
  );
}
