import { Alert, Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import type { Member } from '@/contracts/members';
import { describeError } from '@/web/components/error-message';
import { ErrorState } from '@/web/components/error-state';
import { useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { ApiError } from '@/web/lib/api-client';
import { memberQueryKey, useMember } from '@/web/features/members/api/get-member';
import { useUpdateMember, type MemberPatch } from '@/web/features/members/api/update-member';
import { ConflictDialog } from '@/web/features/members/components/conflict-dialog';
import { MemberFormFields, useMemberFormCheck } from '@/web/features/members/components/member-form';
import {
  apiValue,
  changedFields,
  formValuesOf,
  type MemberFormValues,
} from '@/web/features/members/member-form-values';
import { sortName } from '@/web/features/members/member-labels';

/** `/mitglieder/$id/bearbeiten` */
export function MemberEditPage() {
  const t = useT();
  const { id } = useParams({ from: '/mitglieder/$id/bearbeiten' });
  const member = useMember(Number(id));
  usePageTitle(t('members.edit.title'));
  if (member.isError)
    return (
      <ErrorState
        title={t('members.detail.loadError')}
        error={member.error}
        onRetry={() => void member.refetch()}
      />
    );
  if (member.isPending)
    return (
      <Stack gap="md" aria-busy="true">
        <Text>{t('common.loading')}</Text>
        <Skeleton height={320} />
      </Stack>
    );
  return <MemberEditForm base={member.data} />;
}

function MemberEditForm({ base }: { base: Member }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const update = useUpdateMember(base.id);
  // The version the change is made on: fixed when the form opens, whatever the cache learns later.
  const [opened] = useState(() => ({ values: formValuesOf(base), version: base.version }));
  const [values, setValues] = useState<MemberFormValues>(opened.values);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [conflict, setConflict] = useState<Member | null>(null);
  const { errors } = useMemberFormCheck(values);
  const changes = changedFields(opened.values, values);

  const patchOf = (): MemberPatch => {
    const patch: Record<string, unknown> = {};
    for (const field of changes) patch[field] = apiValue(field, values[field]);
    if ((changes.includes('postcode') || changes.includes('city')) && values.gemeindeAgs)
      patch.gemeindeAgs = values.gemeindeAgs;
    return patch as MemberPatch;
  };

  const backToDetail = () => void navigate({ to: '/mitglieder/$id', params: { id: String(base.id) } });

  const save = (version: number) =>
    update.mutate(
      { version, patch: patchOf() },
      {
        onSuccess: backToDetail,
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'member.version_conflict') {
            const current = (error.problem as { current?: Member } | undefined)?.current ?? null;
            setConflict(current);
          }
        },
      },
    );

  const submit = () => {
    setShowAll(true);
    if (Object.keys(errors).length > 0) return;
    if (changes.length === 0) return backToDetail();
    save(opened.version);
  };

  const discard = () => {
    if (conflict) queryClient.setQueryData(memberQueryKey(base.id), conflict);
    setConflict(null);
    backToDetail();
  };

  const failure =
    update.error && !(update.error instanceof ApiError && update.error.code === 'member.version_conflict')
      ? describeError(t, update.error)
      : null;

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="lg">
        <AnchorLink to="/mitglieder/$id" params={{ id: String(base.id) }}>
          {t('members.edit.back', { name: sortName(base) })}
        </AnchorLink>
        <Title order={1}>{t('members.edit.heading', { name: sortName(base) })}</Title>
        <MemberFormFields
          values={values}
          onChange={setValues}
          touched={touched}
          onTouch={(field) => setTouched((prev) => new Set(prev).add(field))}
          showAll={showAll}
          withEntryDate
        />
        {showAll && Object.keys(errors).length > 0 && (
          <Alert color="red" variant="light" role="alert">
            {t('members.form.fixErrors')}
          </Alert>
        )}
        {failure && (
          <Alert color="red" variant="light" role="alert" title={t('members.edit.failed')}>
            {failure.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={backToDetail}>
            {t('members.common.cancel')}
          </Button>
          <Button type="submit" loading={update.isPending && !conflict}>
            {t('members.edit.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictDialog
        base={opened.values}
        mine={values}
        changes={changes}
        current={conflict}
        reapplying={update.isPending}
        onReapply={() => conflict && save(conflict.version)}
        onDiscard={discard}
        onClose={() => setConflict(null)}
      />
    </form>
  );
}
