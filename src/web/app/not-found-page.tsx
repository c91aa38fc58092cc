import { Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCompass, IconHome } from '@tabler/icons-react';
import { useLocation } from '@tanstack/react-router';
import { useT } from '@/web/components/i18n/i18n';
import { ButtonLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';

/** Any path the app does not know. */
export function NotFoundPage() {
  const t = useT();
  usePageTitle(t('notFound.title'));
  const pathname = useLocation({ select: (location) => location.pathname });
  return (
    <Stack align="center" ta="center" gap="md" py={{ base: 'xl', sm: 60 }} maw={560} mx="auto">
      <ThemeIcon size={64} radius="xl" variant="light" aria-hidden="true">
        <IconCompass size={36} stroke={1.6} />
      </ThemeIcon>
      <Title order={1}>{t('notFound.title')}</Title>
      <Text c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {t('notFound.text', { path: pathname })}
      </Text>
      <ButtonLink to="/" leftSection={<IconHome size={18} aria-hidden="true" />}>
        {t('notFound.action')}
      </ButtonLink>
    </Stack>
  );
}
