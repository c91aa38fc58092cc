import { Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { Notification, Task } from '@/contracts/tasks';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { useTasks } from '@/web/features/tasks/api/get-tasks';
import { useMarkNotificationDone } from '@/web/features/tasks/api/mark-notification-done';
import { UnitEmptyState } from '@/web/features/units/components/unit-empty-state';

function TaskCard({ task }: { task: Task }) {
  const t = useT();
  const format = useFormat();
  return (
    <Card withBorder radius="md" padding="md" component="li">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div>
          <Text fw={700}>
            {t(`members.tasks.${task.kind}`, {
              count: task.count,
              days: task.oldestDays,
              unit: task.unitName,
            })}
          </Text>
          <Text size="sm" c="dimmed">
            {t('members.tasks.due', { date: format.date(task.due) })}
          </Text>
        </div>
        {task.overdue && (
          <Badge color="red" variant="light" c="gray.9" tt="none">
            {t('members.tasks.overdue')}
          </Badge>
        )}
      </Group>
      {task.kind === 'admission_decision' && (
        <AnchorLink to="/mitglieder/antraege" mt="xs" size="sm">
          {t('members.tasks.openQueue')}
        </AnchorLink>
      )}
    </Card>
  );
}

function NotificationCard({ notification }: { notification: Notification }) {
  const t = useT();
  const format = useFormat();
  const done = useMarkNotificationDone();
  const p = notification.params as Record<string, string | number | null | undefined>;
  const vars = {
    name: String(p.memberName ?? ''),
    from: String(p.fromDistrict ?? p.fromUnit ?? ''),
    to: String(p.toDistrict ?? p.toUnit ?? ''),
    date: typeof p.effectiveDate === 'string' ? format.date(p.effectiveDate) : '',
  };
  const text =
    notification.kind === 'member.transfer_in'
      ? t('members.notifications.transferIn', vars)
      : notification.kind === 'member.transfer_out'
        ? t('members.notifications.transferOut', vars)
        : t('members.notifications.other');
  return (
    <Card withBorder radius="md" padding="md" component="li">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div>
          <Text>{text}</Text>
          <Text size="sm" c="dimmed">
            {format.dateTime(notification.createdAt)}
            {notification.memberId !== null && (
              <>
                {' · '}
                <AnchorLink to="/mitglieder/$id" params={{ id: String(notification.memberId) }} size="sm">
                  {t('members.notifications.openMember')}
                </AnchorLink>
              </>
            )}
          </Text>
        </div>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconCheck size={14} aria-hidden="true" />}
          loading={done.isPending}
          onClick={() => done.mutate(notification.id)}
        >
          {t('members.notifications.done')}
        </Button>
      </Group>
    </Card>
  );
}

/** `/aufgaben`: running deadlines and notifications of the caller's units. */
export function TasksPage() {
  const t = useT();
  usePageTitle(t('members.tasks.title'));
  const overview = useTasks();
  return (
    <Stack gap="lg">
      <header>
        <Title order={1} mb="xs">
          {t('members.tasks.title')}
        </Title>
        <Text c="dimmed" maw={720}>
          {t('members.tasks.intro')}
        </Text>
      </header>
      {overview.isError ? (
        <ErrorState
          title={t('members.tasks.loadError')}
          error={overview.error}
          onRetry={() => void overview.refetch()}
          retrying={overview.isFetching}
        />
      ) : overview.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : (
        <>
          <section aria-labelledby="tasks-heading">
            <Title order={2} size="h3" id="tasks-heading" mb="sm">
              {t('members.tasks.deadlines')}
            </Title>
            {overview.data.tasks.length === 0 ? (
              <UnitEmptyState title={t('members.tasks.noneTitle')} text={t('members.tasks.noneText')} />
            ) : (
              <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
                {overview.data.tasks.map((task) => (
                  <TaskCard key={`${task.kind}-${task.unitCode}`} task={task} />
                ))}
              </Stack>
            )}
          </section>
          <section aria-labelledby="notifications-heading">
            <Title order={2} size="h3" id="notifications-heading" mb="sm">
              {t('members.notifications.title')}
            </Title>
            {overview.data.notifications.length === 0 ? (
              <Text c="dimmed">{t('members.notifications.none')}</Text>
            ) : (
              <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
                {overview.data.notifications.map((notification) => (
                  <NotificationCard key={notification.id} notification={notification} />
                ))}
              </Stack>
            )}
          </section>
        </>
      )}
    </Stack>
  );
}
