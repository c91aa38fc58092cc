import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileExport, IconFileImport, IconInbox, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ErrorState } from '@/web/components/error-state';
import { useT } from '@/web/components/i18n/i18n';
import { ButtonLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { useMe } from '@/web/lib/session';
import { ExportDialog } from '@/web/features/exports/components/export-dialog';
import { useMembers, type MemberFilters } from '@/web/features/members/api/get-members';
import { MemberFilterBar } from '@/web/features/members/components/member-filters';
import { SavedLists } from '@/web/features/members/components/saved-lists';
import { filtersFromSearch, searchFromFilters } from '@/web/features/members/member-search';
import { MemberTable } from '@/web/features/members/components/member-table';
import { TableSkeleton } from '@/web/features/units/components/table-skeleton';
import { UnitEmptyState } from '@/web/features/units/components/unit-empty-state';

/**
 * `/mitglieder`: one search box, filters, the exact total and a list that scrolls through all of it.
 * Search and filters live in the address, so a list can be bookmarked, shared and saved.
 */
export function MembersPage() {
  const t = useT();
  usePageTitle(t('members.title'));
  const { can } = useMe();
  const canCreate = can('member:create');
  const canExport = can('member:export');
  const [exporting, setExporting] = useState(false);
  const urlSearch = useSearch({ from: '/mitglieder' });
  const navigate = useNavigate({ from: '/mitglieder' });
  const query = useMemo<MemberFilters>(() => filtersFromSearch(urlSearch), [urlSearch]);
  const show = (next: MemberFilters) =>
    void navigate({ search: searchFromFilters(next), replace: true, resetScroll: false });
  const [search, setSearch] = useState(urlSearch.q ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  // The box follows the address when a saved list or the back button changes it.
  const typed = useRef(urlSearch.q ?? '');
  useEffect(() => {
    if ((urlSearch.q ?? '') !== typed.current) {
      typed.current = urlSearch.q ?? '';
      setSearch(urlSearch.q ?? '');
    }
  }, [urlSearch.q]);
  useEffect(() => {
    if (debounced === typed.current) return;
    typed.current = debounced;
    show({ ...query, q: debounced.length > 0 ? debounced : undefined });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new search text moves the address
  }, [debounced]);
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
              <ButtonLink
                to="/mitglieder/import"
                variant="default"
                leftSection={<IconFileImport size={18} aria-hidden="true" />}
              >
                {t('imports.link')}
              </ButtonLink>
            )}
            {canExport && (
              <Button
                variant="default"
                leftSection={<IconFileExport size={18} aria-hidden="true" />}
                onClick={() => setExporting(true)}
              >
                {t('exports.link')}
              </Button>
            )}
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
      <MemberFilterBar value={query} onChange={(next) => show({ ...next, q: query.q })} />
      <SavedLists
        current={query}
        onOpen={(filters) => {
          typed.current = filters.q ?? '';
          setSearch(filters.q ?? '');
          show(filters);
        }}
      />

      {canExport && <ExportDialog opened={exporting} onClose={() => setExporting(false)} filters={query} />}

      <Text id="member-count" role="status" fw={600}>
        {members.isPending
          ? t('common.loading')
          : members.isError
            ? ''
            : query.q
              ? t(
                  members.data?.pages[0]?.totalIsLowerBound
                    ? 'members.list.countSearchMore'
                    : 'members.list.countSearch',
                  {
                    count: total,
                    query: query.q,
                  },
                )
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
