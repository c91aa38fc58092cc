import { Alert, Button, CopyButton, Group, List, Paper, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconPrinter } from '@tabler/icons-react';
import { useT } from '@/web/components/i18n/i18n';

/** Ten recovery codes, shown this one time: to copy or print and keep apart from the phone. */
export function RecoveryCodesPanel({ codes }: { codes: string[] }) {
  const t = useT();
  return (
    <Stack gap="md">
      <Alert
        color="yellow"
        styles={{ title: { color: '#6b4300' } }}
        variant="light"
        title={t('account.recoveryShownOnceTitle')}
      >
        {t('account.recoveryShownOnce')}
      </Alert>
      <Paper withBorder p="md" radius="md" className="recovery-codes">
        <List
          aria-label={t('account.recoveryListLabel')}
          listStyleType="none"
          spacing={4}
          styles={{ root: { columns: 2, fontFamily: 'monospace', fontSize: '1.05rem' } }}
        >
          {codes.map((code) => (
            <List.Item key={code}>{code}</List.Item>
          ))}
        </List>
      </Paper>
      <Group gap="sm">
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button
              variant="default"
              onClick={copy}
              leftSection={
                copied ? (
                  <IconCheck size={18} aria-hidden="true" />
                ) : (
                  <IconCopy size={18} aria-hidden="true" />
                )
              }
            >
              {copied ? t('account.copied') : t('account.copyCodes')}
            </Button>
          )}
        </CopyButton>
        <Button
          variant="default"
          onClick={() => window.print()}
          leftSection={<IconPrinter size={18} aria-hidden="true" />}
        >
          {t('account.printCodes')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('account.recoveryHowTo')}
      </Text>
    </Stack>
  );
}
