import { Table, Text, VisuallyHidden } from '@mantine/core';
import type { Unit } from '@/contracts/units';
import { useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';

/** Units as a table: the name links to the unit's page; code and AGS for those who work with keys. */
export function UnitTable({ units, caption }: { units: readonly Unit[]; caption: string }) {
  const t = useT();
  return (
    <Table.ScrollContainer minWidth={300}>
      <Table striped highlightOnHover verticalSpacing="sm" horizontalSpacing="md" captionSide="top">
        <Table.Caption>
          <VisuallyHidden>{caption}</VisuallyHidden>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('units.columnName')}</Table.Th>
            <Table.Th scope="col" visibleFrom="sm">
              {t('units.columnCode')}
            </Table.Th>
            <Table.Th scope="col">{t('units.columnAgs')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {units.map((unit) => (
            <Table.Tr key={unit.code}>
              <Table.Td>
                <AnchorLink to="/gliederungen/$code" params={{ code: unit.code }} fw={600}>
                  {unit.name}
                </AnchorLink>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Text size="sm" ff="monospace" c="dimmed">
                  {unit.code}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace" c="dimmed">
                  {unit.ags ?? '–'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
