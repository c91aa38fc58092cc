import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useT } from '@/web/components/i18n/i18n';
import { ButtonLink } from '@/web/components/router-links';
import type { Me } from '@/web/lib/session';

/** Whether the second factor is on, how many recovery codes are left, and how to set it up. */
export function TwoFactorCard({ me }: { me: Me }) {
  const t = useT();
  const { enabled, required, recoveryCodesLeft } = me.twoFactor;
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Group justify="space-between" gap="sm">
          <Title order={2} size="h3">
            {t('account.twoFactorTitle')}
          </Title>
          <Badge color={enabled ? 'green' : 'orange'} c={enabled ? '#1b5e2a' : '#8a3a0a'} variant="light">
            {enabled ? t('account.twoFactorOn') : t('account.twoFactorOff')}
          </Badge>
        </Group>
        <Text size="sm">
          {enabled
            ? t('account.recoveryLeft', { count: recoveryCodesLeft })
            : required
              ? t('account.twoFactorRequired')
              : t('account.twoFactorOptional')}
        </Text>
        {enabled && recoveryCodesLeft <= 3 && (
          <Text size="sm" c="#8a3a0a">
            {t('account.recoveryLow')}
          </Text>
        )}
        {!enabled && (
          <Group>
            <ButtonLink to="/zwei-faktor" search={{ next: '/konto' }}>
              {t('account.twoFactorSetUp')}
            </ButtonLink>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
