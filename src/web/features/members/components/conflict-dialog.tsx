import { Alert, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import type { Member } from '@/contracts/members';
import { useT } from '@/web/components/i18n/i18n';
import type { MessageKey } from '@/web/components/i18n/translate';
import {
  comparable,
  formFields,
  formValuesOf,
  type FormField,
  type MemberFormValues,
} from '@/web/features/members/member-form-values';

interface ConflictDialogProps {
  /** The record as it was when the form opened, what the user typed, and what is stored now. */
  base: MemberFormValues;
  mine: MemberFormValues;
  changes: readonly FormField[];
  current: Member | null;
  reapplying: boolean;
  onReapply: () => void;
  onDiscard: () => void;
  onClose: () => void;
}

const fieldLabel = (field: FormField): MessageKey => `members.fields.${field}`;

/**
 * Someone else saved the record after it was opened. Shows, field by field, what the user
 * changed and what is stored now, so that re-applying overwrites nothing unseen.
 */
export function ConflictDialog({
  base,
  mine,
  changes,
  current,
  reapplying,
  onReapply,
  onDiscard,
  onClose,
}: ConflictDialogProps) {
  const t = useT();
  if (!current) return null;
  const now = formValuesOf(current);
  const shown = (field: FormField, value: string) => (value.trim() ? value : t('members.conflict.empty'));
  const theirs = formFields.filter(
    (field) => !changes.includes(field) && comparable(field, base[field]) !== comparable(field, now[field]),
  );
  const both = changes.filter((field) => comparable(field, base[field]) !== comparable(field, now[field]));

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('members.conflict.title')}
      size="xl"
      closeButtonProps={{ 'aria-label': t('members.common.close') }}
    >
      <Stack gap="md">
        <Alert color="yellow" variant="light" role="alert">
          {t('members.conflict.intro')}
        </Alert>
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs" withTableBorder captionSide="top">
            <Table.Caption>{t('members.conflict.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('members.conflict.field')}</Table.Th>
                <Table.Th scope="col">{t('members.conflict.before')}</Table.Th>
                <Table.Th scope="col">{t('members.conflict.mine')}</Table.Th>
                <Table.Th scope="col">{t('members.conflict.now')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...changes, ...theirs].map((field) => (
                <Table.Tr key={field}>
                  <Table.Th scope="row">
                    {t(fieldLabel(field))}
                    {both.includes(field) && (
                      <Text size="xs" c="red.8" fw={600}>
                        {t('members.conflict.bothChanged')}
                      </Text>
                    )}
                  </Table.Th>
                  <Table.Td>{shown(field, base[field])}</Table.Td>
                  <Table.Td fw={changes.includes(field) ? 700 : undefined}>
                    {changes.includes(field) ? shown(field, mine[field]) : t('members.conflict.unchanged')}
                  </Table.Td>
                  <Table.Td>{shown(field, now[field])}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="sm">
          {both.length > 0
            ? t('members.conflict.reapplyOverwrites', { count: both.length })
            : t('members.conflict.reapplyKeeps')}
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDiscard}>
            {t('members.conflict.discard')}
          </Button>
          <Button onClick={onReapply} loading={reapplying}>
            {t('members.conflict.reapply')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
