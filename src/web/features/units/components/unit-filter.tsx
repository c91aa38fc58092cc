import { CloseButton, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useT } from '@/web/components/i18n/i18n';

interface UnitFilterProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** Id of the live text that says how many units match, read out after each keystroke. */
  describedBy?: string;
}

export function UnitFilter({ label, value, onChange, placeholder, describedBy }: UnitFilterProps) {
  const t = useT();
  return (
    <TextInput
      type="search"
      label={label}
      placeholder={placeholder}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      leftSection={<IconSearch size={18} aria-hidden="true" />}
      rightSection={
        value ? <CloseButton aria-label={t('units.filterClear')} onClick={() => onChange('')} /> : null
      }
      aria-describedby={describedBy}
      autoComplete="off"
      spellCheck={false}
      maw={480}
    />
  );
}
