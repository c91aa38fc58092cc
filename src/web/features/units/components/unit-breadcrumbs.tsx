import { Box, Group, Text } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import type { Unit } from '@/contracts/units';
import { useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';

/** Gliederungen › Landesverband › Kreisverband › this unit, as a navigation landmark with a list. */
export function UnitBreadcrumbs({ ancestors, current }: { ancestors: readonly Unit[]; current: string }) {
  const t = useT();
  const separator = <IconChevronRight size={14} aria-hidden="true" />;
  return (
    <Box component="nav" aria-label={t('unitDetail.breadcrumbLabel')}>
      <Group component="ol" gap={6} wrap="wrap" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        <li>
          <AnchorLink to="/gliederungen" size="sm">
            {t('units.title')}
          </AnchorLink>
        </li>
        {ancestors.map((unit) => (
          <Group key={unit.code} component="li" gap={6} wrap="nowrap" c="dimmed">
            {separator}
            <AnchorLink to="/gliederungen/$code" params={{ code: unit.code }} size="sm">
              {unit.name}
            </AnchorLink>
          </Group>
        ))}
        <Group component="li" gap={6} wrap="nowrap" c="dimmed">
          {separator}
          <Text size="sm" aria-current="page" c="dimmed">
            {current}
          </Text>
        </Group>
      </Group>
    </Box>
  );
}
