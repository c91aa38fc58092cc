import { Grid, Stack, Text, Title } from '@mantine/core';
import { useT } from '@/web/components/i18n/i18n';
import { usePageTitle } from '@/web/components/use-page-title';
import { ScopeExplanation } from '@/web/features/account/components/scope-explanation';
import { useStateUnit } from '@/web/features/units/api/get-units';
import { CapabilityCards } from '@/web/features/home/components/capability-cards';
import { FirstSteps } from '@/web/features/home/components/first-steps';
import { KeyFigures } from '@/web/features/home/components/key-figures';

function greetingKey(hour: number) {
  if (hour < 11) return 'home.greetingMorning' as const;
  if (hour < 18) return 'home.greetingDay' as const;
  return 'home.greetingEvening' as const;
}

/** `/`: a greeting, what the installation holds, what can be done and how to start. */
export function HomePage() {
  const t = useT();
  usePageTitle(t('home.title'));
  const state = useStateUnit().unit;
  return (
    <Stack gap="xl">
      <header>
        <Title order={1} mb="xs">
          {t(greetingKey(new Date().getHours()))}
        </Title>
        <Text fz={{ base: 'md', sm: 'lg' }} c="dimmed" maw={760}>
          {t('home.intro', { unit: state?.name ?? t('levels.state') })}
        </Text>
      </header>
      <ScopeExplanation />
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="xl">
            <KeyFigures />
            <CapabilityCards />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <FirstSteps />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
