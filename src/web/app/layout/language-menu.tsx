import { Box, Button, Menu } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useI18n } from '@/web/components/i18n/i18n';
import { languages } from '@/web/components/i18n/translate';

/** Deutsch / English. Each name is written in its own language, so it is found by those who need it. */
export function LanguageMenu() {
  const { language, setLanguage, t } = useI18n();
  return (
    <Menu position="bottom-end" shadow="md" width={180}>
      <Menu.Target>
        <Button
          variant="subtle"
          color="white"
          c="white"
          size="sm"
          px="xs"
          leftSection={<IconLanguage size={20} aria-hidden="true" />}
          // The visible name is part of the accessible one (WCAG 2.5.3); phones show the icon only.
          aria-label={t('language.current', { language: t(`language.${language}`) })}
        >
          <Box component="span" visibleFrom="sm">
            {t(`language.${language}`)}
          </Box>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.label')}</Menu.Label>
        {languages.map((option) => (
          <Menu.Item
            key={option}
            lang={option}
            onClick={() => setLanguage(option)}
            aria-current={option === language ? 'true' : undefined}
            rightSection={option === language ? <IconCheck size={16} aria-hidden="true" /> : null}
          >
            {t(`language.${option}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
