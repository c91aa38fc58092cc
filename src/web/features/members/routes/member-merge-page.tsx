import {
  Alert,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  Radio,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowBackUp, IconGitMerge } from '@tabler/icons-react';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import type { Member } from '@/contracts/members';
import { describeError } from '@/web/components/error-message';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { AnchorLink, ButtonLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { RequireSignIn } from '@/web/features/auth/components/require-sign-in';
import { useMember } from '@/web/features/members/api/get-member';
import { useMemberFunctions } from '@/web/features/members/api/get-member-functions';
import { useMemberHistory } from '@/web/features/members/api/get-member-history';
import { useMembers } from '@/web/features/members/api/get-members';
import {
  useDuplicatesOf,
  useMergeMembers,
  useUndoMerge,
  type MergeResult,
} from '@/web/features/members/api/merge-members';
import { DuplicateWarning } from '@/web/features/members/components/duplicate-warning';
import { rememberMerge } from '@/web/features/members/components/merge-undo-notice';
import { StatusBadge } from '@/web/features/members/components/status-badge';
import { sortName } from '@/web/features/members/member-labels';

export interface MergeSearch {
  with?: number;
}

/** `?with=123`: the second record; without it the page offers likely duplicates and a search. */
export function validateMergeSearch(search: Record<string, unknown>): MergeSearch {
  const id = Number(search.with);
  return Number.isInteger(id) && id > 0 ? { with: id } : {};
}

/** `/mitglieder/$id/zusammenfuehren`: merge two records of one person, audited, undoable for a day. */
export function MemberMergePage() {
  const t = useT();
  usePageTitle(t('members.merge.title'));
  return (
    <Stack gap="lg">
      <header>
        <Title order={1} mb="xs">
          {t('members.merge.title')}
        </Title>
        <Text c="dimmed" maw={760}>
          {t('members.merge.intro')}
        </Text>
      </header>
      <RequireSignIn permission="member:update">
        <MergeContent />
      </RequireSignIn>
    </Stack>
  );
}

function MergeContent() {
  const t = useT();
  const { id } = useParams({ from: '/mitglieder/$id/zusammenfuehren' });
  const search = useSearch({ from: '/mitglieder/$id/zusammenfuehren' });
  const [result, setResult] = useState<MergeResult | null>(null);
  const first = Number(id);
  if (result) return <MergeDone result={result} />;
  return (
    <Stack gap="lg">
      <AnchorLink to="/mitglieder/$id" params={{ id }}>
        {t('members.merge.back')}
      </AnchorLink>
      {search.with === undefined ? (
        <PickSecond id={first} />
      ) : (
        <CompareAndMerge firstId={first} secondId={search.with} onMerged={setResult} />
      )}
    </Stack>
  );
}

/** Step one: which record is the same person? Likely duplicates first, else a search. */
function PickSecond({ id }: { id: number }) {
  const t = useT();
  const member = useMember(id);
  const duplicates = useDuplicatesOf(member.data);
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const found = useMembers({ q: q || undefined, sort: 'name' }, q.length >= 2);
  const results = (found.data?.pages[0]?.items ?? []).filter((item) => item.id !== id).slice(0, 10);

  if (member.isError)
    return (
      <ErrorState
        title={t('members.detail.loadError')}
        error={member.error}
        onRetry={() => void member.refetch()}
      />
    );
  if (member.isPending) return <Skeleton height={120} />;
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('members.merge.pickTitle', { name: sortName(member.data) })}
      </Title>
      {duplicates.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : duplicates.data && duplicates.data.length > 0 ? (
        <DuplicateWarning candidates={duplicates.data} mergeFromId={id} />
      ) : (
        <Text c="dimmed">{t('members.merge.noCandidates')}</Text>
      )}
      <TextInput
        type="search"
        label={t('members.merge.searchLabel')}
        description={t('members.merge.searchHint')}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
      />
      {q.length >= 2 && (
        <Stack component="ul" gap={4} pl="md" m={0} aria-live="polite">
          {found.isPending ? (
            <Text component="li">{t('common.loading')}</Text>
          ) : results.length === 0 ? (
            <Text component="li" c="dimmed">
              {t('members.merge.searchNone')}
            </Text>
          ) : (
            results.map((item) => (
              <Text component="li" key={item.id}>
                <AnchorLink
                  to="/mitglieder/$id/zusammenfuehren"
                  params={{ id: String(id) }}
                  search={{ with: item.id }}
                >
                  {t('members.merge.pickNamed', { name: sortName(item) })}
                </AnchorLink>{' '}
                · {item.memberNumber ?? '–'} · {[item.postcode, item.city].filter(Boolean).join(' ')}
              </Text>
            ))
          )}
        </Stack>
      )}
    </Stack>
  );
}

interface Counts {
  functions: number;
  mandates: number;
  consents: number;
  history: number;
}

function useCounts(member: Member | undefined): Counts | undefined {
  const functions = useMemberFunctions(member?.id ?? 0, member !== undefined);
  const history = useMemberHistory(member?.id ?? 0, member?.version);
  if (!member || !functions.data || !history.data) return undefined;
  return {
    functions: functions.data.functions.length,
    mandates: functions.data.mandates.length,
    consents: member.consents.length,
    history: history.data.statuses.length + history.data.transfers.length,
  };
}

/** Step two: both records side by side, which one stays, what moves, then confirm. */
function CompareAndMerge({
  firstId,
  secondId,
  onMerged,
}: {
  firstId: number;
  secondId: number;
  onMerged: (result: MergeResult) => void;
}) {
  const t = useT();
  const a = useMember(firstId);
  const b = useMember(secondId);
  const countsA = useCounts(a.data);
  const countsB = useCounts(b.data);
  const [keep, setKeep] = useState<string>(String(firstId));
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const merge = useMergeMembers();

  const failed = a.isError ? a.error : b.isError ? b.error : null;
  if (failed)
    return (
      <ErrorState
        title={t('members.detail.loadError')}
        error={failed}
        onRetry={() => {
          void a.refetch();
          void b.refetch();
        }}
      />
    );
  if (!a.data || !b.data) return <Skeleton height={240} />;
  if (firstId === secondId) return <Alert color="red">{t('errors.member.merge_invalid')}</Alert>;

  const kept = keep === String(b.data.id) ? b.data : a.data;
  const retired = kept.id === a.data.id ? b.data : a.data;
  const moving = kept.id === a.data.id ? countsB : countsA;

  const ask = () => {
    if (!reason.trim()) {
      setReasonError(t('members.merge.reasonMissing'));
      return;
    }
    setConfirming(true);
  };
  const submit = () =>
    merge.mutate(
      { keepId: kept.id, mergeId: retired.id, reason: reason.trim() },
      {
        onSuccess: (result) => {
          rememberMerge(result);
          onMerged(result);
        },
      },
    );
  const problem = merge.error ? describeError(t, merge.error) : null;

  return (
    <Stack gap="lg">
      <Radio.Group
        label={t('members.merge.keepLabel')}
        description={t('members.merge.keepHint')}
        value={keep}
        onChange={setKeep}
      >
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mt="sm">
          <RecordCard member={a.data} counts={countsA} kept={kept.id === a.data.id} />
          <RecordCard member={b.data} counts={countsB} kept={kept.id === b.data.id} />
        </SimpleGrid>
      </Radio.Group>

      <Alert color="blue" variant="light" title={t('members.merge.movesTitle')}>
        {moving ? (
          <Text size="sm">
            {t('members.merge.moves', {
              from: sortName(retired),
              to: sortName(kept),
              functions: moving.functions,
              mandates: moving.mandates,
              consents: moving.consents,
              history: moving.history,
            })}
          </Text>
        ) : (
          <Loader size="sm" aria-label={t('common.loading')} />
        )}
      </Alert>

      <Textarea
        label={t('members.merge.reason')}
        description={t('members.merge.reasonHint')}
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value);
          setReasonError(null);
        }}
        error={reasonError}
        required
        autosize
        minRows={2}
        maxLength={1000}
      />
      <Group>
        <Button leftSection={<IconGitMerge size={18} aria-hidden="true" />} onClick={ask}>
          {t('members.merge.submit')}
        </Button>
      </Group>

      <Modal
        opened={confirming}
        onClose={() => {
          merge.reset();
          setConfirming(false);
        }}
        title={t('members.merge.confirmTitle')}
        closeButtonProps={{ 'aria-label': t('members.common.close') }}
      >
        <Stack gap="md">
          <Text>{t('members.merge.confirmText', { from: sortName(retired), to: sortName(kept) })}</Text>
          <Text size="sm" c="dimmed">
            {t('members.merge.confirmAudit')}
          </Text>
          {problem && (
            <Alert role="alert" color="red" variant="light" title={t('members.merge.failed')}>
              {problem.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                merge.reset();
                setConfirming(false);
              }}
            >
              {t('members.common.cancel')}
            </Button>
            <Button onClick={submit} loading={merge.isPending}>
              {t('members.merge.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function RecordCard({ member, counts, kept }: { member: Member; counts: Counts | undefined; kept: boolean }) {
  const t = useT();
  const format = useFormat();
  const dash = '–';
  const address = [
    [member.street, member.houseNumber].filter(Boolean).join(' '),
    [member.postcode, member.city].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Card withBorder radius="md" padding="md" bg={kept ? 'var(--mantine-color-blue-light)' : undefined}>
      <Stack gap="xs">
        <Radio value={String(member.id)} label={t('members.merge.keepThis', { name: sortName(member) })} />
        <Group gap="xs">
          <StatusBadge status={member.status} />
          <Text size="sm" fw={600}>
            {kept ? t('members.merge.stays') : t('members.merge.retires')}
          </Text>
        </Group>
        <Text size="sm">
          {t('members.fields.memberNumber')}: {member.memberNumber ?? dash}
        </Text>
        <Text size="sm">
          {t('members.fields.birthdate')}: {member.birthdate ? format.date(member.birthdate) : dash}
        </Text>
        <Text size="sm">
          {t('members.fields.address')}: {address || dash}
        </Text>
        <Text size="sm">
          {t('members.fields.email')}: {member.email ?? dash}
        </Text>
        <Text size="sm">
          {t('members.fields.unit')}: {member.unitName}
        </Text>
        <Text size="sm">
          {counts
            ? t('members.merge.counts', {
                functions: counts.functions,
                mandates: counts.mandates,
                consents: counts.consents,
                history: counts.history,
              })
            : t('common.loading')}
        </Text>
      </Stack>
    </Card>
  );
}

/** After the merge: what moved, and the way back while the day lasts. */
function MergeDone({ result }: { result: MergeResult }) {
  const t = useT();
  const format = useFormat();
  const navigate = useNavigate();
  const undo = useUndoMerge();
  const until = Date.parse(result.undoableUntil);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  const problem = undo.error ? describeError(t, undo.error) : null;

  if (undo.isSuccess)
    return (
      <Stack gap="md">
        <Alert color="green" variant="light" role="status">
          <Text fw={700}>{t('members.merge.undoneTitle')}</Text>
          <Text>{t('members.merge.undoneText')}</Text>
        </Alert>
        <Group>
          <ButtonLink to="/mitglieder/$id" params={{ id: String(undo.data.keptId) }} variant="default">
            {t('members.merge.openKept')}
          </ButtonLink>
          <ButtonLink to="/mitglieder/$id" params={{ id: String(undo.data.restoredId) }} variant="default">
            {t('members.merge.openRestored')}
          </ButtonLink>
        </Group>
      </Stack>
    );

  return (
    <Stack gap="md">
      {/* No coloured title: green on light green is too faint to read. */}
      <Alert color="green" variant="light" role="status">
        <Text fw={700}>{t('members.merge.doneTitle')}</Text>
        <Text>
          {t('members.merge.doneText', {
            functions: result.moved.functions,
            mandates: result.moved.mandates,
            consents: result.moved.consents,
            history: result.moved.history,
          })}
        </Text>
      </Alert>
      {now < until && (
        <Text size="sm">{t('members.merge.undoUntil', { time: format.dateTime(result.undoableUntil) })}</Text>
      )}
      {problem && (
        <Alert role="alert" color="red" variant="light" title={t('members.merge.undoFailed')}>
          {problem.message}
        </Alert>
      )}
      <Group>
        <Button
          onClick={() => void navigate({ to: '/mitglieder/$id', params: { id: String(result.keptId) } })}
        >
          {t('members.merge.openKept')}
        </Button>
        {now < until && (
          <Button
            variant="default"
            leftSection={<IconArrowBackUp size={18} aria-hidden="true" />}
            loading={undo.isPending}
            onClick={() => undo.mutate(result.mergeId, { onSuccess: () => rememberMerge(null) })}
          >
            {t('members.merge.undo')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
