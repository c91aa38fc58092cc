import { Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { ErrorState } from '@/web/components/error-state';
import { useT } from '@/web/components/i18n/i18n';
import { usePageTitle } from '@/web/components/use-page-title';
import { RequireSignIn } from '@/web/features/auth/components/require-sign-in';
import { useAllocation } from '@/web/features/delegates/api/get-allocation';
import { AllocationForm } from '@/web/features/delegates/components/allocation-form';
import { AllocationList } from '@/web/features/delegates/components/allocation-list';
import { AllocationResult } from '@/web/features/delegates/components/allocation-result';

export interface DelegatesSearch {
  /** The allocation on show: `/delegierte?verteilung=7`, so it can be shared and reopened. */
  verteilung?: number;
}

export function validateDelegatesSearch(search: Record<string, unknown>): DelegatesSearch {
  const id = Number(search.verteilung);
  return Number.isInteger(id) && id > 0 ? { verteilung: id } : {};
}

/** `/delegierte`: the delegate key (Delegiertenschlüssel) for a convention. */
export function DelegatesPage() {
  const t = useT();
  usePageTitle(t('delegates.title'));
  return (
    <Stack gap="lg">
      <header>
        <Title order={1} mb="xs">
          {t('delegates.title')}
        </Title>
        <Text c="dimmed" maw={760}>
          {t('delegates.intro')}
        </Text>
      </header>
      <RequireSignIn permission="member:read">
        <DelegatesContent />
      </RequireSignIn>
    </Stack>
  );
}

function DelegatesContent() {
  const t = useT();
  const search = useSearch({ strict: false }) as DelegatesSearch;
  const navigate = useNavigate();
  const open = search.verteilung;
  const allocation = useAllocation(open);

  return (
    <Stack gap="lg">
      <AllocationForm
        onCreated={(created) => void navigate({ to: '/delegierte', search: { verteilung: created.id } })}
      />
      {open === undefined ? (
        <Paper withBorder radius="md" p="md">
          <Text c="dimmed">{t('delegates.result.nothingOpen')}</Text>
        </Paper>
      ) : allocation.isError ? (
        <ErrorState
          title={t('delegates.result.loadError')}
          error={allocation.error}
          onRetry={() => void allocation.refetch()}
        />
      ) : !allocation.data ? (
        <Stack gap="md" aria-busy="true">
          <Text role="status">{t('delegates.result.loading')}</Text>
          <Skeleton height={160} />
          <Skeleton height={360} />
        </Stack>
      ) : (
        <AllocationResult allocation={allocation.data} />
      )}
      <AllocationList openId={open} />
    </Stack>
  );
}
