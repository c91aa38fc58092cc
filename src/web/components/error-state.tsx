import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { describeError } from '@/web/components/error-message';
import { useT } from '@/web/components/i18n/i18n';

interface ErrorStateProps {
  /** What could not be done, e.g. "Die Gliederungen konnten nicht geladen werden." */
  title: string;
  error: unknown;
  onRetry?: () => void;
  retrying?: boolean;
}

/** A failed load: says what failed and why in plain words, and offers to try again. */
export function ErrorState({ title, error, onRetry, retrying = false }: ErrorStateProps) {
  const t = useT();
  const { message, reference } = describeError(t, error);
  return (
    <Alert
      role="alert"
      color="red"
      variant="light"
      title={title}
      icon={<IconAlertTriangle aria-hidden="true" />}
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{message}</Text>
        {reference && (
          <Text size="xs" c="dimmed">
            {reference}
          </Text>
        )}
        {onRetry && (
          <Button
            variant="white"
            color="red"
            size="sm"
            leftSection={<IconRefresh size={16} aria-hidden="true" />}
            onClick={onRetry}
            loading={retrying}
          >
            {t('common.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
