import { Box, Loader, Table, Text, VisuallyHidden } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { MemberListItem } from '@/contracts/members';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';
import { StatusBadge } from '@/web/features/members/components/status-badge';
import { sortName } from '@/web/features/members/member-labels';

const ROW_HEIGHT = 48;
/** Start loading the next page this many rows before the end of what is loaded. */
const PREFETCH_ROWS = 40;

interface MemberTableProps {
  items: readonly MemberListItem[];
  total: number;
  caption: string;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
}

/**
 * A real table (screen readers announce rows and columns) of which only the rows in view are
 * in the DOM: two spacer rows stand for the rest, so 100,000 members scroll as smoothly as 50.
 * Further pages load while scrolling towards the end.
 */
export function MemberTable({
  items,
  total,
  caption,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
}: MemberTableProps) {
  const t = useT();
  const format = useFormat();
  const scrollRef = useRef<HTMLDivElement>(null);
  // No React Compiler here: the virtualiser hands out fresh functions on every scroll, by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastIndex = virtualRows.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= items.length - PREFETCH_ROWS) fetchNextPage();
  }, [lastIndex, items.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const paddingTop = virtualRows[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (virtualRows.at(-1)?.end ?? 0);

  return (
    <Box
      ref={scrollRef}
      // Its own scroll box: the virtualiser measures it, and the page header stays in place.
      style={{ height: 'min(68vh, 640px)', overflow: 'auto' }}
      bd="1px solid var(--mantine-color-gray-3)"
      bdrs="md"
      bg="white"
      tabIndex={0}
      role="region"
      aria-label={caption}
    >
      <Table
        stickyHeader
        highlightOnHover
        verticalSpacing={0}
        horizontalSpacing="md"
        aria-rowcount={total + 1}
      >
        <Table.Caption>
          <VisuallyHidden>{caption}</VisuallyHidden>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr aria-rowindex={1}>
            <Table.Th scope="col">{t('members.columns.name')}</Table.Th>
            <Table.Th scope="col">{t('members.columns.number')}</Table.Th>
            <Table.Th scope="col">{t('members.columns.status')}</Table.Th>
            <Table.Th scope="col" visibleFrom="sm">
              {t('members.columns.place')}
            </Table.Th>
            <Table.Th scope="col" visibleFrom="md">
              {t('members.columns.unit')}
            </Table.Th>
            <Table.Th scope="col" visibleFrom="md">
              {t('members.columns.entry')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {paddingTop > 0 && (
            <tr aria-hidden="true">
              <td colSpan={6} style={{ height: paddingTop, padding: 0, border: 0 }} />
            </tr>
          )}
          {virtualRows.map((row) => {
            const member = items[row.index];
            if (!member) {
              return (
                <Table.Tr key="loading" style={{ height: ROW_HEIGHT }}>
                  <Table.Td colSpan={6}>
                    <Loader size="xs" mr="xs" aria-hidden="true" />
                    <Text span size="sm" c="dimmed">
                      {t('members.list.loadingMore')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            }
            return (
              <Table.Tr key={member.id} aria-rowindex={row.index + 2} style={{ height: ROW_HEIGHT }}>
                <Table.Td>
                  <AnchorLink to="/mitglieder/$id" params={{ id: String(member.id) }} fw={600}>
                    {sortName(member)}
                  </AnchorLink>
                  {member.match === 'phonetic' || member.match === 'fuzzy' ? (
                    <Text span size="xs" c="dimmed" ml="xs">
                      {t(
                        member.match === 'phonetic'
                          ? 'members.list.matchPhonetic'
                          : 'members.list.matchFuzzy',
                      )}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {member.memberNumber ?? '–'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={member.status} />
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Text size="sm" truncate>
                    {[member.postcode, member.city].filter(Boolean).join(' ') || '–'}
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="md">
                  <Text size="sm" ff="monospace" c="dimmed">
                    {member.unitCode}
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="md">
                  <Text size="sm">{member.entryDate ? format.date(member.entryDate) : '–'}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden="true">
              <td colSpan={6} style={{ height: paddingBottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
