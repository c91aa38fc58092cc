import { List, Paper, ThemeIcon, Title } from '@mantine/core';
import { IconListCheck } from '@tabler/icons-react';
import { useT } from '@/web/components/i18n/i18n';

export function FirstSteps() {
  const t = useT();
  return (
    <Paper
      component="section"
      aria-labelledby="first-steps-heading"
      withBorder
      radius="md"
      p="lg"
      bg="amtsblau.0"
    >
      <Title order={2} id="first-steps-heading" size="h3" mb="md">
        <ThemeIcon size="md" radius="md" mr="xs" aria-hidden="true" style={{ verticalAlign: 'middle' }}>
          <IconListCheck size={18} />
        </ThemeIcon>
        {t('home.firstStepsTitle')}
      </Title>
      <List type="ordered" spacing="sm" size="sm">
        <List.Item>{t('home.firstStep1')}</List.Item>
        <List.Item>{t('home.firstStep2')}</List.Item>
        <List.Item>{t('home.firstStep3')}</List.Item>
        <List.Item>{t('home.firstStep4')}</List.Item>
      </List>
    </Paper>
  );
}
