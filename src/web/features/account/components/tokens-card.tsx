import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { describeError } from '@/web/components/error-message';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { useCreateMyToken, type CreatedToken } from '@/web/features/account/api/create-my-token';
import { useMyTokens, type ApiToken } from '@/web/features/account/api/get-my-tokens';
import { useRevokeMyToken } from '@/web/features/account/api/revoke-my-token';
import { TableHeadings, TableScrollRegion } from '@/web/components/table-scroll-region';

function tokenState(token: ApiToken, now: number): 'revoked' | 'expired' | 'active' {
  if (token.revokedAt) return 'revoked';
  if (new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

/** API tokens for integrations: create (the token is shown once), list, revoke. */
export function TokensCard() {
  const t = useT();
  const format = useFormat();
  const tokens = useMyTokens();
  const create = useCreateMyToken();
  const revoke = useRevokeMyToken();
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | string>(90);
  const [touched, setTouched] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const nameProblem = name.trim() ? null : t('account.tokenNameRequired');
  // The moment the list was fetched decides "expired"; a token running out meanwhile shows on the next fetch.
  const now = tokens.dataUpdatedAt;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (nameProblem) return;
    const validDays = typeof days === 'number' && days >= 1 && days <= 730 ? days : 90;
    create.mutate(
      { name: name.trim(), days: validDays },
      {
        onSuccess: (answer) => {
          setCreated(answer);
          setName('');
          setTouched(false);
        },
      },
    );
  };

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Title order={2} size="h3">
          {t('account.tokensTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('account.tokensIntro')}
        </Text>

        {created && (
          <Alert
            color="green"
            styles={{ title: { color: '#1b5e2a' } }}
            variant="light"
            icon={<IconKey aria-hidden="true" />}
            title={t('account.tokenCreatedTitle', { name: created.info.name })}
          >
            <Stack gap="xs">
              <Text size="sm">{t('account.tokenShownOnce')}</Text>
              <Code block aria-label={t('account.tokenValueLabel')} style={{ wordBreak: 'break-all' }}>
                {created.token}
              </Code>
              <Group gap="sm">
                <CopyButton value={created.token}>
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
                      {copied ? t('account.copied') : t('account.copyToken')}
                    </Button>
                  )}
                </CopyButton>
                <Button size="compact-sm" variant="subtle" onClick={() => setCreated(null)}>
                  {t('account.tokenStored')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}

        {tokens.isError ? (
          <ErrorState
            title={t('account.tokensLoadError')}
            error={tokens.error}
            onRetry={() => void tokens.refetch()}
          />
        ) : !tokens.data ? (
          <Text size="sm">{t('account.loading')}</Text>
        ) : tokens.data.items.length === 0 ? (
          <Text size="sm">{t('account.tokensEmpty')}</Text>
        ) : (
          <TableScrollRegion label={t('account.tokensTitle')} minWidth={560}>
            <Table verticalSpacing="xs">
              <TableHeadings
                columns={[
                  t('account.tokenName'),
                  t('account.tokenPrefix'),
                  t('account.tokenExpires'),
                  t('account.tokenLastUsed'),
                ]}
                actions={t('account.actions')}
              />
              <Table.Tbody>
                {tokens.data.items.map((token) => {
                  const state = tokenState(token, now);
                  return (
                    <Table.Tr key={token.id}>
                      <Table.Td>
                        <Group gap="xs">
                          <Text size="sm">{token.name}</Text>
                          {state !== 'active' && (
                            <Badge size="sm" color="gray" c="gray.8" variant="light">
                              {state === 'revoked' ? t('account.tokenRevoked') : t('account.tokenExpired')}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Code>{token.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>{format.date(token.expiresAt)}</Table.Td>
                      <Table.Td>
                        {token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t('account.tokenNeverUsed')}
                      </Table.Td>
                      <Table.Td ta="right">
                        {state === 'active' && (
                          <Button
                            size="compact-sm"
                            variant="light"
                            color="red"
                            loading={revoke.isPending && revoke.variables === token.id}
                            onClick={() => revoke.mutate(token.id)}
                            aria-label={t('account.tokenRevokeLabel', { name: token.name })}
                          >
                            {t('account.tokenRevoke')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableScrollRegion>
        )}
        {revoke.error && (
          <Text role="alert" size="sm" c="red.8">
            {describeError(t, revoke.error).message}
          </Text>
        )}

        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t('account.tokenCreateTitle')}
            </Title>
            {create.error && (
              <Text role="alert" size="sm" c="red.8">
                {describeError(t, create.error).message}
              </Text>
            )}
            <Group align="flex-start" gap="sm" grow preventGrowOverflow={false}>
              <TextInput
                label={t('account.tokenName')}
                description={t('account.tokenNameHint')}
                required
                maxLength={100}
                value={name}
                onChange={(event) => setName(event.currentTarget.value)}
                onBlur={() => setTouched(true)}
                error={touched && nameProblem ? nameProblem : undefined}
              />
              <NumberInput
                label={t('account.tokenDays')}
                description={t('account.tokenDaysHint')}
                min={1}
                max={730}
                clampBehavior="strict"
                allowDecimal={false}
                value={days}
                onChange={setDays}
                maw={200}
              />
            </Group>
            <Group>
              <Button type="submit" loading={create.isPending}>
                {t('account.tokenCreate')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
