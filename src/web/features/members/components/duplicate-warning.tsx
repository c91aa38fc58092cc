import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { DuplicateCandidate } from '@/contracts/members';
import { useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';
import { sortName, statusKey } from '@/web/features/members/member-labels';

/**
 * Possible duplicates, before anything is saved: open one, or save anyway on purpose. For a
 * stored record (`mergeFromId`) each candidate offers the merge screen instead.
 */
export function DuplicateWarning({
  candidates,
  onConfirm,
  saving = false,
  mergeFromId,
}: {
  candidates: readonly DuplicateCandidate[];
  onConfirm?: () => void;
  saving?: boolean;
  mergeFromId?: number;
}) {
  const t = useT();
  return (
    <Alert
      color="yellow"
      variant="light"
      role="alert"
      title={t('members.duplicates.title', { count: candidates.length })}
    >
      <Stack gap="sm">
        <Text size="sm">
          {mergeFromId !== undefined
            ? t('members.duplicates.mergeIntro')
            : `${t('members.duplicates.intro')} ${t('members.duplicates.mergeLater')}`}
        </Text>
        <Stack component="ul" gap={4} pl="md" m={0}>
          {candidates.map((candidate) => (
            <Text component="li" size="sm" key={candidate.id}>
              <AnchorLink to="/mitglieder/$id" params={{ id: String(candidate.id) }} fw={600}>
                {sortName(candidate)}
              </AnchorLink>{' '}
              · {candidate.memberNumber ?? t(statusKey(candidate.status))}
              {candidate.postcode || candidate.city
                ? ` · ${[candidate.postcode, candidate.city].filter(Boolean).join(' ')}`
                : ''}
              {' · '}
              {candidate.reasons.map((reason) => t(`members.duplicates.reasons.${reason}`)).join(', ')}
              {mergeFromId !== undefined && (
                <>
                  {' · '}
                  <AnchorLink
                    to="/mitglieder/$id/zusammenfuehren"
                    params={{ id: String(mergeFromId) }}
                    search={{ with: candidate.id }}
                  >
                    {t('members.duplicates.mergeWith', { name: sortName(candidate) })}
                  </AnchorLink>
                </>
              )}
            </Text>
          ))}
        </Stack>
        {onConfirm && (
          <Group>
            <Button variant="default" onClick={onConfirm} loading={saving}>
              {t('members.duplicates.saveAnyway')}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
