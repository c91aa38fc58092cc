import { Anchor, Card, Group, SimpleGrid, Text, ThemeIcon, Title } from '@mantine/core';
import { IconApi, IconArrowRight, IconSitemap } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';

function CapabilityCard({
  icon,
  title,
  text,
  action,
}: {
  icon: ReactNode;
  title: string;
  text: string;
  action: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="lg" shadow="xs">
      <Group gap="sm" mb="xs" wrap="nowrap">
        <ThemeIcon size="xl" radius="md" variant="light" aria-hidden="true">
          {icon}
        </ThemeIcon>
        <Title order={3} size="h4">
          {title}
        </Title>
      </Group>
      <Text size="sm" c="dimmed" mb="md" style={{ flexGrow: 1 }}>
        {text}
      </Text>
      {action}
    </Card>
  );
}

/** One card per capability that exists; the next modules add theirs. */
export function CapabilityCards() {
  const t = useT();
  const icon = { size: 24, stroke: 1.7 } as const;
  const arrow = <IconArrowRight size={16} aria-hidden="true" style={{ verticalAlign: 'middle' }} />;
  return (
    <section aria-labelledby="capabilities-heading">
      <Title order={2} id="capabilities-heading" size="h3" mb="sm">
        {t('home.capabilitiesTitle')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <CapabilityCard
          icon={<IconSitemap {...icon} />}
          title={t('home.cardUnitsTitle')}
          text={t('home.cardUnitsText')}
          action={
            <AnchorLink to="/gliederungen" fw={600}>
              {t('home.cardUnitsAction')} {arrow}
            </AnchorLink>
          }
        />
        <CapabilityCard
          icon={<IconApi {...icon} />}
          title={t('home.cardApiTitle')}
          text={t('home.cardApiText')}
          action={
            <Anchor href="/api/docs" fw={600}>
              {t('home.cardApiAction')} {arrow}
            </Anchor>
          }
        />
      </SimpleGrid>
    </section>
  );
}
