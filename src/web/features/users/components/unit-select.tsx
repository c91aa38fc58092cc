import { Select } from '@mantine/core';
import { useMemo } from 'react';
import { useT } from '@/web/components/i18n/i18n';
import { useUnits } from '@/web/features/units/api/get-units';
import { unitsWithin } from '@/web/features/users/manageable-units';
import { useMe } from '@/web/lib/session';

interface UnitSelectProps {
  label: string;
  description?: string;
  value: string | null;
  onChange: (code: string | null) => void;
  error?: string | undefined;
}

/** A unit within the caller's own units (where they hold user:manage), searchable by name or code. */
export function UnitSelect({ label, description, value, onChange, error }: UnitSelectProps) {
  const t = useT();
  const { me } = useMe();
  const units = useUnits({});
  const data = useMemo(
    () =>
      unitsWithin(units.data?.items ?? [], me?.grants ?? [], 'user:manage').map((unit) => ({
        value: unit.code,
        label: `${unit.name} (${unit.code})`,
      })),
    [units.data, me],
  );
  return (
    <Select
      label={label}
      description={description}
      placeholder={units.isPending ? t('account.loading') : t('admin.unitPlaceholder')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      required
      limit={100}
      nothingFoundMessage={t('admin.unitNothingFound')}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
