import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useT } from '@/web/components/i18n/i18n';
import { usePageTitle } from '@/web/components/use-page-title';
import { RequireSignIn } from '@/web/features/auth/components/require-sign-in';
import { PasswordCard } from '@/web/features/account/components/password-card';
import { ScopeExplanation } from '@/web/features/account/components/scope-explanation';
import { SessionsCard } from '@/web/features/account/components/sessions-card';
import { TokensCard } from '@/web/features/account/components/tokens-card';
import { TwoFactorCard } from '@/web/features/account/components/two-factor-card';
import { useMe } from '@/web/lib/session';

function AccountContent() {
  const t = useT();
  const { me } = useMe();
  if (!me) return null;
  return (
    <Stack gap="lg">
      <header>
        <Title order={1} mb="xs">
          {t('account.title')}
        </Title>
        <Text c="dimmed">{t('account.intro', { email: me.email })}</Text>
      </header>
      <ScopeExplanation />
      {me.grants.length > 0 && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Title order={2} size="h3">
              {t('account.rolesTitle')}
            </Title>
            <Group gap="xs">
              {me.grants.map((grant) => (
                <Badge key={grant.id} variant="light" size="lg" tt="none">
                  {t('account.roleAt', { role: grant.roleName, unit: grant.unitName })}
                </Badge>
              ))}
            </Group>
          </Stack>
        </Card>
      )}
      <TwoFactorCard me={me} />
      <SessionsCard />
      <TokensCard />
      <PasswordCard />
    </Stack>
  );
}

/** `/konto`: "Mein Konto" — what the account may see, second factor, sessions, API tokens, password. */
export function AccountPage() {
  const t = useT();
  usePageTitle(t('account.title'));
  return (
    <RequireSignIn>
      <AccountContent />
    </RequireSignIn>
  );
}
