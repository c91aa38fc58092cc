import { Alert, Badge, Button, Group, Menu, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconBookmark, IconChevronDown, IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { describeError } from '@/web/components/error-message';
import { DialogModal, FormDialog } from '@/web/components/form-dialog';
import { useT } from '@/web/components/i18n/i18n';
import { useMe } from '@/web/lib/session';
import type { MemberFilters } from '@/web/features/members/api/get-members';
import {
  useDeleteSavedList,
  useSaveList,
  useSavedLists,
  type SavedList,
} from '@/web/features/members/api/saved-lists';
import { filtersFromSearch, searchFromFilters } from '@/web/features/members/member-search';

const ONLY_ME = '__me__';

/** The filters a saved list stands for, in the form the list page uses. */
export const savedListFilters = (list: SavedList): MemberFilters =>
  filtersFromSearch(searchFromFilters(list.query as MemberFilters));

/**
 * Saved lists: the current search and filters under a name, for oneself or shared with a unit
 * (the server decides which units one may share with); open one from the menu, delete one's own.
 */
export function SavedLists({
  current,
  onOpen,
}: {
  current: MemberFilters;
  onOpen: (filters: MemberFilters) => void;
}) {
  const t = useT();
  const lists = useSavedLists();
  const items = lists.data?.items ?? [];
  const own = items.filter((list) => list.ownedByMe);
  const [saving, setSaving] = useState(false);
  const [managing, setManaging] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);

  return (
    <Group gap="sm">
      <Menu position="bottom-start">
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconBookmark size={18} aria-hidden="true" />}
            rightSection={<IconChevronDown size={16} aria-hidden="true" />}
            loading={lists.isPending}
          >
            {t('members.savedLists.menu', { count: items.length })}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {lists.isError ? (
            <Menu.Label>{describeError(t, lists.error).message}</Menu.Label>
          ) : items.length === 0 ? (
            <Menu.Label>{t('members.savedLists.empty')}</Menu.Label>
          ) : (
            items.map((list) => (
              <Menu.Item
                key={list.id}
                onClick={() => {
                  setOpened(list.name);
                  onOpen(savedListFilters(list));
                }}
                rightSection={
                  list.sharedWithUnitCode ? (
                    <Badge variant="light" size="sm">
                      {list.ownedByMe
                        ? t('members.savedLists.sharedBadge', { unit: list.sharedWithUnitCode })
                        : t('members.savedLists.fromOthers')}
                    </Badge>
                  ) : undefined
                }
              >
                {list.name}
              </Menu.Item>
            ))
          )}
          {own.length > 0 && (
            <>
              <Menu.Divider />
              <Menu.Item
                leftSection={<IconTrash size={16} aria-hidden="true" />}
                onClick={() => setManaging(true)}
              >
                {t('members.savedLists.manage')}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      <Button
        variant="default"
        leftSection={<IconDeviceFloppy size={18} aria-hidden="true" />}
        onClick={() => setSaving(true)}
      >
        {t('members.savedLists.save')}
      </Button>
      {opened && (
        <Text size="sm" c="dimmed" role="status">
          {t('members.savedLists.opened', { name: opened })}
        </Text>
      )}
      <SaveListDialog
        opened={saving}
        current={current}
        onClose={() => setSaving(false)}
        onSaved={(name) => setOpened(name)}
      />
      <ManageListsDialog opened={managing} lists={own} onClose={() => setManaging(false)} />
    </Group>
  );
}

function SaveListDialog({
  opened,
  current,
  onClose,
  onSaved,
}: {
  opened: boolean;
  current: MemberFilters;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const t = useT();
  const { me } = useMe();
  const save = useSaveList();
  const [name, setName] = useState('');
  const [shareWith, setShareWith] = useState<string>(ONLY_ME);
  const [nameError, setNameError] = useState<string | null>(null);
  // The units of one's own grants; the server refuses a unit one may not read.
  const units = new Map((me?.grants ?? []).map((grant) => [grant.unitCode, grant.unitName]));
  const shareOptions = [
    { value: ONLY_ME, label: t('members.savedLists.onlyMe') },
    ...[...units].map(([code, unitName]) => ({
      value: code,
      label: t('members.savedLists.withUnit', { unit: unitName }),
    })),
  ];
  const close = () => {
    save.reset();
    setName('');
    setShareWith(ONLY_ME);
    setNameError(null);
    onClose();
  };
  const submit = () => {
    const trimmed = name.trim();
    if (!trimmed) {
      setNameError(t('members.savedLists.nameMissing'));
      return;
    }
    const query = searchFromFilters(current);
    save.mutate(
      {
        name: trimmed,
        query: filtersFromSearch(query),
        sharedWithUnitCode: shareWith === ONLY_ME ? null : shareWith,
      },
      {
        onSuccess: () => {
          onSaved(trimmed);
          close();
        },
      },
    );
  };
  return (
    <FormDialog
      title={t('members.savedLists.saveTitle')}
      opened={opened}
      onClose={close}
      onSubmit={submit}
      error={save.error}
      errorTitle={t('members.savedLists.saveFailed')}
      pending={save.isPending}
      submitLabel={t('members.savedLists.saveSubmit')}
    >
      <Text size="sm">{t('members.savedLists.saveIntro')}</Text>
      <TextInput
        label={t('members.savedLists.name')}
        description={t('members.savedLists.nameHint')}
        value={name}
        onChange={(event) => {
          setName(event.currentTarget.value);
          setNameError(null);
        }}
        error={nameError}
        maxLength={200}
        required
        data-autofocus
      />
      <Select
        label={t('members.savedLists.visibility')}
        data={shareOptions}
        value={shareWith}
        onChange={(value) => setShareWith(value ?? ONLY_ME)}
        allowDeselect={false}
      />
    </FormDialog>
  );
}

function ManageListsDialog({
  opened,
  lists,
  onClose,
}: {
  opened: boolean;
  lists: readonly SavedList[];
  onClose: () => void;
}) {
  const t = useT();
  const remove = useDeleteSavedList();
  const error = remove.error ? describeError(t, remove.error) : null;
  return (
    <DialogModal
      opened={opened}
      onClose={() => {
        remove.reset();
        onClose();
      }}
      title={t('members.savedLists.manageTitle')}
    >
      <Stack gap="sm">
        {lists.length === 0 ? (
          <Text c="dimmed">{t('members.savedLists.noneOwn')}</Text>
        ) : (
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
            {lists.map((list) => (
              <Group component="li" key={list.id} justify="space-between" wrap="nowrap">
                <div>
                  <Text fw={600}>{list.name}</Text>
                  <Text size="sm" c="dimmed">
                    {list.sharedWithUnitCode
                      ? t('members.savedLists.sharedBadge', { unit: list.sharedWithUnitCode })
                      : t('members.savedLists.onlyMe')}
                  </Text>
                </div>
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={16} aria-hidden="true" />}
                  loading={remove.isPending && remove.variables === list.id}
                  onClick={() => remove.mutate(list.id)}
                  aria-label={t('members.savedLists.deleteNamed', { name: list.name })}
                >
                  {t('members.savedLists.delete')}
                </Button>
              </Group>
            ))}
          </Stack>
        )}
        {error && (
          <Alert role="alert" color="red" variant="light">
            {error.message}
          </Alert>
        )}
      </Stack>
    </DialogModal>
  );
}
