import {
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconBuildingCommunity, IconMapPin } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { useUnits } from '@/web/features/units/api/get-units';

function Figure({
  icon,
  label,
  value,
  hint,
}: {
  icon: ReactNode;
  label: string;
  value: string;
  hint: string;
}) {
  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }} shadow="xs">
      <Stack gap={6}>
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon variant="light" size="lg" radius="md" aria-hidden="true">
            {icon}
          </ThemeIcon>
          <Text fz={30} fw={700} lh={1.1} c="amtsblau.8">
            {value}
          </Text>
        </Group>
        <Text fw={600}>{label}</Text>
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      </Stack>
    </Paper>
  );
}

/** Numbers the API can give today: how many units the Landesverband has. */
export function KeyFigures() {
  const t = useT();
  const format = useFormat();
  const districts = useUnits({ level: 'district' });
  const locals = useUnits({ level: 'local' });
  const queries = [districts, locals];
  const failed = queries.find((query) => query.isError);
  const loading = queries.some((query) => query.isPending);
  const updatedAt = Math.max(...queries.map((query) => query.dataUpdatedAt));
  const icon = { size: 20, stroke: 1.8 } as const;

  return (
    <section aria-labelledby="key-figures-heading">
      <Title order={2} id="key-figures-heading" size="h3" mb="sm">
        {t('home.figuresTitle')}
      </Title>
      {failed ? (
        <ErrorState
          title={t('home.loadError')}
          error={failed.error}
          retrying={queries.some((query) => query.isFetching)}
          onRetry={() => {
            for (const query of queries) if (query.isError) void query.refetch();
          }}
        />
      ) : loading ? (
        <SimpleGrid cols={2} spacing="md">
          {[0, 1].map((i) => (
            <Paper key={i} withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
              <Group gap="sm" mb="sm">
                <Skeleton height={34} width={34} radius="md" />
                <Skeleton height={28} width={60} />
              </Group>
              <Skeleton height={14} width="60%" mb="sm" />
              <Skeleton height={12} width="80%" />
            </Paper>
          ))}
          <VisuallyHidden role="status">{t('common.loading')}</VisuallyHidden>
        </SimpleGrid>
      ) : (
        <>
          <SimpleGrid cols={2} spacing="md">
            <Figure
              icon={<IconBuildingCommunity {...icon} />}
              label={t('home.figureDistricts')}
              value={format.number(districts.data?.total ?? 0)}
              hint={t('home.figureDistrictsHint')}
            />
            <Figure
              icon={<IconMapPin {...icon} />}
              label={t('home.figureLocals')}
              value={format.number(locals.data?.total ?? 0)}
              hint={t('home.figureLocalsHint')}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt="xs">
            {t('common.asOf', { date: format.dateTime(new Date(updatedAt)) })}
          </Text>
        </>
      )}
    </section>
  );
}
