import { Alert, Button, Group, Text } from '@mantine/core';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useState } from 'react';
import { describeError } from '@/web/components/error-message';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';
import { useUndoMerge, type MergeResult } from '@/web/features/members/api/merge-members';

const STORAGE_KEY = 'servicestelle.lastMerge';

/** Remembers this tab's last merge, so the kept record's page can still offer the way back. */
export function rememberMerge(result: MergeResult | null): void {
  try {
    if (result) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(result));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage may be blocked; the merge screen itself still offers the undo.
  }
}

function lastMerge(): MergeResult | null {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    return text ? (JSON.parse(text) as MergeResult) : null;
  } catch {
    return null;
  }
}

/** On the kept record's page, while the day lasts: "just merged — undo". */
export function MergeUndoNotice({ memberId }: { memberId: number }) {
  const t = useT();
  const format = useFormat();
  const undo = useUndoMerge();
  const [merge] = useState(lastMerge);
  const [now] = useState(() => Date.now());
  if (!merge || merge.keptId !== memberId) return null;

  if (undo.isSuccess)
    return (
      <Alert color="green" variant="light" role="status">
        <Text fw={700}>{t('members.merge.undoneTitle')}</Text>
        <Text>{t('members.merge.undoneText')}</Text>
        <AnchorLink to="/mitglieder/$id" params={{ id: String(undo.data.restoredId) }}>
          {t('members.merge.openRestored')}
        </AnchorLink>
      </Alert>
    );
  if (now >= Date.parse(merge.undoableUntil)) return null;
  const problem = undo.error ? describeError(t, undo.error) : null;
  return (
    <Alert color="blue" variant="light">
      <Text>
        {t('members.merge.justMerged', {
          functions: merge.moved.functions,
          mandates: merge.moved.mandates,
          consents: merge.moved.consents,
          history: merge.moved.history,
        })}{' '}
        {t('members.merge.undoUntil', { time: format.dateTime(merge.undoableUntil) })}
      </Text>
      {problem && (
        <Text role="alert" c="red.9" mt="xs">
          {problem.message}
        </Text>
      )}
      <Group mt="sm">
        <Button
          variant="default"
          leftSection={<IconArrowBackUp size={18} aria-hidden="true" />}
          loading={undo.isPending}
          onClick={() => undo.mutate(merge.mergeId, { onSuccess: () => rememberMerge(null) })}
        >
          {t('members.merge.undo')}
        </Button>
      </Group>
    </Alert>
  );
}
