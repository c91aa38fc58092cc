import { Alert, Button, Group, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { DuplicateCandidate } from '@/contracts/members';
import { describeError } from '@/web/components/error-message';
import { useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { ApiError } from '@/web/lib/api-client';
import { useCheckDuplicates } from '@/web/features/members/api/check-duplicates';
import { useCreateMember, type CreateMemberBody } from '@/web/features/members/api/create-member';
import { DuplicateWarning } from '@/web/features/members/components/duplicate-warning';
import { MemberFormFields, useMemberFormCheck } from '@/web/features/members/components/member-form';
import {
  apiValue,
  emptyFormValues,
  formFields,
  type MemberFormValues,
} from '@/web/features/members/member-form-values';
import { germanToday } from '@/contracts/dates';

/** `/mitglieder/neu`: an application or an existing member, checked for duplicates before saving. */
export function MemberNewPage() {
  const t = useT();
  usePageTitle(t('members.create.title'));
  const navigate = useNavigate();
  const create = useCreateMember();
  const check = useCheckDuplicates();
  const [values, setValues] = useState<MemberFormValues>(emptyFormValues);
  const [status, setStatus] = useState<'applicant' | 'member'>('applicant');
  const [since, setSince] = useState(germanToday);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [candidates, setCandidates] = useState<DuplicateCandidate[]>([]);
  const { errors } = useMemberFormCheck(values);

  const body = (confirmDuplicate: boolean): CreateMemberBody => {
    const out: Record<string, unknown> = { status, since };
    for (const field of formFields) {
      if (field === 'entryDate') continue;
      const value = apiValue(field, values[field]);
      if (value !== null && value !== undefined) out[field] = value;
    }
    if (values.gemeindeAgs) out.gemeindeAgs = values.gemeindeAgs;
    if (confirmDuplicate) out.confirmDuplicate = true;
    return out as CreateMemberBody;
  };

  const save = (confirmDuplicate: boolean) =>
    create.mutate(body(confirmDuplicate), {
      onSuccess: (member) => void navigate({ to: '/mitglieder/$id', params: { id: String(member.id) } }),
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'member.duplicate_suspected') {
          const found = (error.problem as { candidates?: DuplicateCandidate[] } | undefined)?.candidates;
          if (found?.length) setCandidates(found);
        }
      },
    });

  const submit = () => {
    setShowAll(true);
    if (Object.keys(errors).length > 0) return;
    const input = body(false);
    check.mutate(
      {
        firstName: values.firstName.trim(),
        lastName: values.lastName.trim(),
        birthdate: input.birthdate ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        street: input.street ?? null,
        houseNumber: input.houseNumber ?? null,
        postcode: input.postcode ?? null,
      },
      {
        onSuccess: (found) => {
          setCandidates(found);
          if (found.length === 0) save(false);
        },
      },
    );
  };

  const failure =
    create.error && !(create.error instanceof ApiError && create.error.code === 'member.duplicate_suspected')
      ? describeError(t, create.error)
      : check.error
        ? describeError(t, check.error)
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
        <AnchorLink to="/mitglieder">{t('members.detail.back')}</AnchorLink>
        <header>
          <Title order={1} mb="xs">
            {t('members.create.title')}
          </Title>
          <Text c="dimmed" maw={720}>
            {t('members.create.intro')}
          </Text>
        </header>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Radio.Group
            label={t('members.create.kind')}
            value={status}
            onChange={(value) => setStatus(value === 'member' ? 'member' : 'applicant')}
          >
            <Stack gap="xs" mt="xs">
              <Radio value="applicant" label={t('members.create.kindApplicant')} />
              <Radio value="member" label={t('members.create.kindMember')} />
            </Stack>
          </Radio.Group>
          <TextInput
            type="date"
            label={
              status === 'applicant' ? t('members.create.sinceApplicant') : t('members.create.sinceMember')
            }
            value={since}
            onChange={(event) => setSince(event.currentTarget.value)}
          />
        </SimpleGrid>
        <MemberFormFields
          values={values}
          onChange={(next) => {
            setValues(next);
            setCandidates([]);
          }}
          touched={touched}
          onTouch={(field) => setTouched((prev) => new Set(prev).add(field))}
          showAll={showAll}
        />
        {showAll && Object.keys(errors).length > 0 && (
          <Alert color="red" variant="light" role="alert">
            {t('members.form.fixErrors')}
          </Alert>
        )}
        {candidates.length > 0 && (
          <DuplicateWarning candidates={candidates} onConfirm={() => save(true)} saving={create.isPending} />
        )}
        {failure && (
          <Alert color="red" variant="light" role="alert" title={t('members.create.failed')}>
            {failure.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={check.isPending || (create.isPending && candidates.length === 0)}>
            {t('members.create.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
