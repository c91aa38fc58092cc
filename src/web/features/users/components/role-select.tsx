import { Select } from '@mantine/core';
import { roleKeys, roles, type RoleKey } from '@/contracts/access';
import { useI18n } from '@/web/components/i18n/i18n';

/** The predefined roles by their display name. */
export function RoleSelect({
  value,
  onChange,
  error,
}: {
  value: RoleKey | null;
  onChange: (role: RoleKey | null) => void;
  error?: string | undefined;
}) {
  const { t, language } = useI18n();
  return (
    <Select
      label={t('admin.role')}
      placeholder={t('admin.rolePlaceholder')}
      data={roleKeys.map((key) => ({ value: key, label: roles[key].name[language] }))}
      value={value}
      onChange={(next) => onChange((next as RoleKey | null) ?? null)}
      required
      error={error}
      allowDeselect={false}
    />
  );
}
