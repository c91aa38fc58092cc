import { Card, Stack, Text, Title } from '@mantine/core';
import { useT } from '@/web/components/i18n/i18n';
import { usePageTitle } from '@/web/components/use-page-title';
import { AccessReportPanel } from '@/web/features/audit/components/access-report';
import { AuditLog } from '@/web/features/audit/components/audit-log';
import { VerificationCard } from '@/web/features/audit/components/verification-card';
import { RequireSignIn } from '@/web/features/auth/components/require-sign-in';

/** `/protokoll`: the audit trail (audit:read) — integrity, entries with filters, access reports. */
export function AuditPage() {
  const t = useT();
  usePageTitle(t('admin.auditTitle'));
  return (
    <RequireSignIn permission="audit:read">
      <Stack gap="lg">
        <header>
          <Title order={1} mb="xs">
            {t('admin.auditTitle')}
          </Title>
          <Text c="dimmed" maw={760}>
            {t('admin.auditIntro')}
          </Text>
        </header>
        <VerificationCard />
        <Card withBorder radius="md" padding="lg">
          <AccessReportPanel />
        </Card>
        <Card withBorder radius="md" padding="lg">
          <AuditLog />
        </Card>
      </Stack>
    </RequireSignIn>
  );
}
