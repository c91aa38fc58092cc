import { Alert, Button, Group, Menu, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconChevronDown, IconEdit, IconGitMerge, IconHourglass } from '@tabler/icons-react';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import type { TransitionType } from '@/contracts/members';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { AnchorLink, ButtonLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { useMe } from '@/web/lib/session';
import { useMember } from '@/web/features/members/api/get-member';
import {
  ConsentsTab,
  FunctionsTab,
  HistoryTab,
  MasterDataTab,
} from '@/web/features/members/components/member-tabs';
import { MergeUndoNotice } from '@/web/features/members/components/merge-undo-notice';
import { StatusBadge } from '@/web/features/members/components/status-badge';
import { TransitionDialog } from '@/web/features/members/components/transition-dialog';
import { sortName, statusKey, transitionKey } from '@/web/features/members/member-labels';

/** `/mitglieder/$id`: one member with tabs, edit and the lifecycle steps possible now. */
export function MemberDetailPage() {
  const t = useT();
  const format = useFormat();
  const { id } = useParams({ from: '/mitglieder/$id' });
  const memberId = Number(id);
  const member = useMember(memberId);
  const canUpdate = useMe().can('member:update');
  const [transition, setTransition] = useState<TransitionType | null>(null);
  const [done, setDone] = useState<string | null>(null);
  usePageTitle(member.data ? sortName(member.data) : t('members.detail.title'));

  if (member.isError)
    return (
      <Stack gap="md">
        <AnchorLink to="/mitglieder">{t('members.detail.back')}</AnchorLink>
        <ErrorState
          title={t('members.detail.loadError')}
          error={member.error}
          onRetry={() => void member.refetch()}
          retrying={member.isFetching}
        />
      </Stack>
    );
  if (member.isPending)
    return (
      <Stack gap="md" aria-busy="true">
        <Text>{t('common.loading')}</Text>
        <Skeleton height={40} width="50%" />
        <Skeleton height={240} />
      </Stack>
    );

  const m = member.data;
  return (
    <Stack gap="lg">
      <AnchorLink to="/mitglieder">{t('members.detail.back')}</AnchorLink>
      <header>
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Title order={1}>{sortName(m)}</Title>
            <Group gap="sm" mt="xs">
              <StatusBadge status={m.status} />
              <Text c="dimmed">
                {m.memberNumber
                  ? t('members.detail.numberLine', { number: m.memberNumber, unit: m.unitName })
                  : t('members.detail.unitLine', { unit: m.unitName })}
              </Text>
            </Group>
          </div>
          {canUpdate && (
            <Group gap="sm">
              <ButtonLink
                to="/mitglieder/$id/bearbeiten"
                params={{ id }}
                variant="default"
                leftSection={<IconEdit size={18} aria-hidden="true" />}
              >
                {t('members.detail.edit')}
              </ButtonLink>
              <ButtonLink
                to="/mitglieder/$id/zusammenfuehren"
                params={{ id }}
                variant="default"
                leftSection={<IconGitMerge size={18} aria-hidden="true" />}
              >
                {t('members.detail.merge')}
              </ButtonLink>
              {m.allowedTransitions.length > 0 && (
                <Menu position="bottom-end">
                  <Menu.Target>
                    <Button rightSection={<IconChevronDown size={16} aria-hidden="true" />}>
                      {t('members.detail.changeStatus')}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {m.allowedTransitions.map((type) => (
                      <Menu.Item key={type} onClick={() => setTransition(type)}>
                        {t(transitionKey(type))}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
              )}
            </Group>
          )}
        </Group>
      </header>

      {done && (
        <Alert
          color="green"
          variant="light"
          role="status"
          withCloseButton
          onClose={() => setDone(null)}
          closeButtonLabel={t('members.common.close')}
        >
          {done}
        </Alert>
      )}

      <MergeUndoNotice memberId={m.id} />

      {m.deadline && (
        <Alert
          color={m.deadline.daysLeft < 0 ? 'red' : 'yellow'}
          variant="light"
          icon={<IconHourglass aria-hidden="true" />}
          title={t(`members.deadline.${m.deadline.kind}`)}
        >
          {m.deadline.daysLeft < 0
            ? t('members.deadline.overdue', { date: format.date(m.deadline.due), days: -m.deadline.daysLeft })
            : t('members.deadline.left', { date: format.date(m.deadline.due), days: m.deadline.daysLeft })}
        </Alert>
      )}

      <Tabs defaultValue="master" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="master">{t('members.tabs.master')}</Tabs.Tab>
          <Tabs.Tab value="history">{t('members.tabs.history')}</Tabs.Tab>
          <Tabs.Tab value="functions">{t('members.tabs.functions')}</Tabs.Tab>
          <Tabs.Tab value="consents">{t('members.tabs.consents')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="master" pt="lg">
          <MasterDataTab member={m} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="lg">
          <HistoryTab member={m} />
        </Tabs.Panel>
        <Tabs.Panel value="functions" pt="lg">
          <FunctionsTab member={m} />
        </Tabs.Panel>
        <Tabs.Panel value="consents" pt="lg">
          <ConsentsTab member={m} />
        </Tabs.Panel>
      </Tabs>

      <TransitionDialog
        member={m}
        type={transition}
        onClose={() => setTransition(null)}
        onDone={(updated, type) =>
          setDone(
            t('members.transitions.done', {
              step: t(transitionKey(type)),
              status: t(statusKey(updated.status)),
            }),
          )
        }
      />
    </Stack>
  );
}
