import { Alert, Button, Code, CopyButton, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconLink } from '@tabler/icons-react';
import { useT } from '@/web/components/i18n/i18n';

/** The one-time link with which a new person sets their password; shown once. */
export function SetupLinkAlert({ name, link }: { name: string; link: string }) {
  const t = useT();
  const absolute = new URL(link, window.location.origin).toString();
  return (
    <Alert
      color="green"
      styles={{ title: { color: '#1b5e2a' } }}
      variant="light"
      icon={<IconLink aria-hidden="true" />}
      title={t('admin.setupLinkTitle', { name })}
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t('admin.setupLinkText')}</Text>
        <Code block aria-label={t('admin.setupLinkLabel')} style={{ wordBreak: 'break-all', width: '100%' }}>
          {absolute}
        </Code>
        <CopyButton value={absolute}>
          {({ copied, copy }) => (
            <Button
              size="compact-sm"
              variant="default"
              onClick={copy}
              leftSection={
                copied ? (
                  <IconCheck size={16} aria-hidden="true" />
                ) : (
                  <IconCopy size={16} aria-hidden="true" />
                )
              }
            >
              {copied ? t('account.copied') : t('admin.copyLink')}
            </Button>
          )}
        </CopyButton>
      </Stack>
    </Alert>
  );
}
