import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconRefresh, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { useAuditVerification } from '@/web/features/audit/api/verify-audit-trail';

/** Whether the hash chain and the signed checkpoints are intact, in plain words. */
export function VerificationCard() {
  const t = useT();
  const format = useFormat();
  const verify = useAuditVerification();
  if (verify.isError)
    return (
      <ErrorState
        title={t('admin.verifyLoadError')}
        error={verify.error}
        onRetry={() => void verify.refetch()}
      />
    );
  const result = verify.data;
  const recheck = (
    <Button
      size="compact-sm"
      variant="default"
      loading={verify.isFetching}
      onClick={() => void verify.refetch()}
      leftSection={<IconRefresh size={16} aria-hidden="true" />}
    >
      {t('admin.verifyAgain')}
    </Button>
  );
  if (!result) return <Text size="sm">{t('admin.verifyRunning')}</Text>;
  return (
    <Alert
      role="status"
      color={result.ok ? 'green' : 'red'}
      styles={{ title: { color: result.ok ? '#1b5e2a' : undefined } }}
      variant="light"
      icon={result.ok ? <IconShieldCheck aria-hidden="true" /> : <IconShieldX aria-hidden="true" />}
      title={result.ok ? t('admin.verifyOk') : t('admin.verifyBroken')}
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {t('admin.verifyFacts', { entries: result.entries, checkpoints: result.checkpoints })}{' '}
          {result.lastCheckpoint &&
            t('admin.verifyLastCheckpoint', { date: format.dateTime(result.lastCheckpoint.createdAt) })}
        </Text>
        {result.firstProblem && (
          <Text size="sm" fw={600}>
            {result.firstProblem.seq !== null
              ? t('admin.verifyProblemAt', {
                  seq: result.firstProblem.seq,
                  message: result.firstProblem.message,
                })
              : result.firstProblem.message}
          </Text>
        )}
        <Group>{recheck}</Group>
      </Stack>
    </Alert>
  );
}
