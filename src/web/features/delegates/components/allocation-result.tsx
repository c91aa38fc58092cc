import {
  Alert,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconFileSpreadsheet, IconInfoCircle, IconUsersGroup } from '@tabler/icons-react';
import type { Allocation } from '@/contracts/delegates';
import { DistrictMap } from '@/web/components/district-map/district-map';
import { useFormat, useI18n, useT } from '@/web/components/i18n/i18n';
import { useUnits } from '@/web/features/units/api/get-units';
import { allocationDownloads } from '@/web/features/delegates/api/get-allocation';
import { allocationRemarks } from '@/web/features/delegates/allocation-remarks';

function Fact({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </div>
  );
}

/**
 * One stored allocation: its parameters, the table per unit (snapshot count, quota or quotient,
 * seats, remarks), the tie rule with the seed, the map of the Kreise and the downloads.
 */
export function AllocationResult({ allocation: a }: { allocation: Allocation }) {
  const t = useT();
  const format = useFormat();
  const { language } = useI18n();
  const locale = language === 'de' ? 'de-DE' : 'en-GB';
  const decimal = (value: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(value);
  const districts = useUnits({ level: 'district' });
  const state = useUnits({ level: 'state' });
  const parentName =
    [...(state.data?.items ?? []), ...(districts.data?.items ?? [])].find((u) => u.code === a.parent)?.name ??
    a.parent;
  const methodName = t(`delegates.methods.${a.method}`);
  const seatSum = a.units.reduce((sum, u) => sum + u.seats, 0);
  const nameOf = new Map(a.units.map((u) => [u.code, u.name]));
  const names = (codes: string[]) => codes.map((c) => nameOf.get(c) ?? c).join(', ');

  const remarkKeys = allocationRemarks(a);
  const remarks = (u: Allocation['units'][number]) =>
    (remarkKeys.get(u.code) ?? []).map((key) => t(key)).join(', ');

  const agsOf = new Map((districts.data?.items ?? []).map((u) => [u.code, u.ags]));
  const mapDistricts =
    a.level === 'district'
      ? a.units
          .map((u) => ({ ags: agsOf.get(u.code) ?? null, name: u.name, count: u.seats }))
          .filter((d) => d.ags !== null)
      : [];
  const downloads = allocationDownloads(a.id);
  const quotaHeader =
    a.method === 'hare-niemeyer' ? t('delegates.result.quota') : t('delegates.result.quotient');

  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="md" component="section" aria-labelledby="delegates-result-title">
        <Stack gap="md">
          <Title order={2} size="h3" id="delegates-result-title">
            {t('delegates.result.title', { id: a.id, seats: format.number(a.seats), method: methodName })}
          </Title>
          <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden="true" />}>
            {t('delegates.result.snapshot')}
          </Alert>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
            <Fact label={t('delegates.result.cutoff')} value={format.date(a.cutoff)} />
            <Fact
              label={t('delegates.result.scope')}
              value={t('delegates.result.scopeValue', {
                level: t(`delegates.levels.${a.level === 'local' ? 'local' : 'district'}`),
                parent: parentName,
              })}
            />
            <Fact label={t('delegates.result.total')} value={format.number(a.total)} />
            {a.divisor !== null ? (
              <Fact
                label={t('delegates.result.divisor')}
                value={decimal(a.divisor)}
                hint={
                  a.method === 'dhondt'
                    ? t('delegates.result.divisorHintDhondt')
                    : t('delegates.result.divisorHintSainteLague')
                }
              />
            ) : (
              <Fact
                label={t('delegates.result.quotaBase')}
                value={a.quotaBase === null ? '–' : decimal(a.quotaBase)}
                hint={t('delegates.result.quotaBaseHint')}
              />
            )}
            <Fact
              label={t('delegates.result.basicSeats')}
              value={a.basicSeats ? format.number(a.basicSeats) : t('delegates.result.none')}
            />
            <Fact
              label={t('delegates.result.minimumSeats')}
              value={a.minimumSeats ? format.number(a.minimumSeats) : t('delegates.result.none')}
            />
            <Fact label={t('delegates.result.seed')} value={String(a.seed)} />
            <Fact label={t('delegates.result.createdAt')} value={format.dateTime(a.createdAt)} />
          </SimpleGrid>
          <div>
            <Title order={3} size="h5">
              {t('delegates.result.tieRuleTitle')}
            </Title>
            <Text size="sm">{t('delegates.result.tieRule', { seed: String(a.seed) })}</Text>
            {a.ties.length === 0 ? (
              <Text size="sm" c="dimmed" mt={4}>
                {t('delegates.result.noTies')}
              </Text>
            ) : (
              <List size="sm" mt={4}>
                {a.ties.map((tie, i) => (
                  <List.Item key={i}>
                    {t('delegates.result.tie', {
                      seats: tie.seatsAtStake,
                      units: names(tie.units),
                      value: decimal(tie.value),
                      winners: names(tie.lotOrder.slice(0, tie.seatsAtStake)),
                    })}
                  </List.Item>
                ))}
              </List>
            )}
          </div>
          <div>
            <Title order={3} size="h5" mb={4}>
              {t('delegates.result.downloadsTitle')}
            </Title>
            <Group gap="sm">
              <Button
                component="a"
                href={downloads.table}
                download
                variant="default"
                leftSection={<IconFileSpreadsheet size={18} aria-hidden="true" />}
              >
                {t('delegates.result.downloadTable')}
              </Button>
              <Button
                component="a"
                href={downloads.openSlides}
                download
                variant="default"
                leftSection={<IconUsersGroup size={18} aria-hidden="true" />}
              >
                {t('delegates.result.downloadOpenSlides')}
              </Button>
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              {t('delegates.result.openSlidesHint')}
            </Text>
          </div>
        </Stack>
      </Paper>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: mapDistricts.length > 0 ? 7 : 12 }}>
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="delegates-table-title">
            <Title order={2} size="h4" id="delegates-table-title" mb="sm">
              {t('delegates.result.tableTitle')}
            </Title>
            <Box
              style={{ overflowX: 'auto' }}
              tabIndex={0}
              role="region"
              aria-label={t('delegates.result.caption', { id: a.id })}
            >
              <Table striped verticalSpacing="xs" captionSide="top" miw={560}>
                <Table.Caption>
                  <VisuallyHidden>{t('delegates.result.caption', { id: a.id })}</VisuallyHidden>
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('delegates.result.unit')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('delegates.result.members')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {quotaHeader}
                    </Table.Th>
                    {a.basicSeats > 0 && (
                      <Table.Th scope="col" ta="right">
                        {t('delegates.result.basicSeatsColumn')}
                      </Table.Th>
                    )}
                    <Table.Th scope="col" ta="right">
                      {t('delegates.result.seats')}
                    </Table.Th>
                    <Table.Th scope="col">{t('delegates.result.remarks')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {a.units.map((u) => (
                    <Table.Tr key={u.code}>
                      <Table.Th scope="row" fw={400}>
                        {u.name}
                      </Table.Th>
                      <Table.Td ta="right">{format.number(u.count)}</Table.Td>
                      {/* A unit raised to the minimum left the proportional round: it has no quota of its own. */}
                      <Table.Td ta="right">{u.raisedToMinimum ? '–' : decimal(u.quota)}</Table.Td>
                      {a.basicSeats > 0 && <Table.Td ta="right">{format.number(u.basicSeats)}</Table.Td>}
                      <Table.Td ta="right" fw={600}>
                        {format.number(u.seats)}
                      </Table.Td>
                      <Table.Td>
                        {remarks(u) && (
                          <Badge variant="light" color="gray" tt="none" fw={500}>
                            {remarks(u)}
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th scope="row">{t('delegates.result.sum')}</Table.Th>
                    <Table.Th ta="right">{format.number(a.total)}</Table.Th>
                    <Table.Td />
                    {a.basicSeats > 0 && <Table.Td />}
                    <Table.Th ta="right">{format.number(seatSum)}</Table.Th>
                    <Table.Td />
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Box>
          </Paper>
        </Grid.Col>
        {mapDistricts.length > 0 ? (
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Paper withBorder radius="md" p="md" component="section" aria-labelledby="delegates-map-title">
              <Title order={2} size="h4" id="delegates-map-title" mb="sm">
                {t('delegates.result.mapTitle')}
              </Title>
              <DistrictMap
                districts={mapDistricts}
                label={t('delegates.result.mapLabel', { id: a.id })}
                areaLabel={(d) => t('delegates.result.mapArea', { name: d.name, seats: d.count })}
                legendLabel={t('delegates.result.mapLegend')}
              />
            </Paper>
          </Grid.Col>
        ) : null}
      </Grid>
    </Stack>
  );
}
