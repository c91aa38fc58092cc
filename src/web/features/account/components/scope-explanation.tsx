import { Alert, List, Text } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useI18n } from '@/web/components/i18n/i18n';
import { useMe } from '@/web/lib/session';

/** What the signed-in account may see and why, in the server's plain words (one sentence per grant). */
export function ScopeExplanation() {
  const { t, language } = useI18n();
  const { me } = useMe();
  if (!me || me.twoFactor.enrolmentRequired) return null;
  const sentences = me.explanation[language];
  return (
    <Alert
      color="amtsblau"
      variant="light"
      icon={<IconEye aria-hidden="true" />}
      title={t('account.scopeTitle', { name: me.displayName })}
    >
      {sentences.length === 0 ? (
        <Text size="sm">{t('account.scopeNone')}</Text>
      ) : sentences.length === 1 ? (
        <Text size="sm">{sentences[0]}</Text>
      ) : (
        <List size="sm" spacing={4}>
          {sentences.map((sentence) => (
            <List.Item key={sentence}>{sentence}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
