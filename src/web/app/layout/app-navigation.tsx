import { Divider, NavLink, Stack, Text } from '@mantine/core';
import { IconApi, IconHome, IconSitemap } from '@tabler/icons-react';
import { useLocation } from '@tanstack/react-router';
import { useT } from '@/web/components/i18n/i18n';
import { NavLinkLink } from '@/web/components/router-links';
import { MemberNavigation } from '@/web/features/members/components/member-navigation';
import { ImportNavigation } from '@/web/features/imports/components/import-navigation';
import { AccountNavigation } from '@/web/features/account/components/account-navigation';
import { StatisticsNavigation } from '@/web/features/statistics/components/statistics-navigation';
import { DelegatesNavigation } from '@/web/features/delegates/components/delegates-navigation';

/** The capabilities that exist; each new one adds its entry here. */
export function AppNavigation({ onNavigate }: { onNavigate: () => void }) {
  const t = useT();
  const pathname = useLocation({ select: (location) => location.pathname });
  const icon = { size: 20, stroke: 1.7, 'aria-hidden': true } as const;
  return (
    <Stack gap={4}>
      <Text component="h2" size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" pt="xs" pb={4}>
        {t('nav.sectionWork')}
      </Text>
      <NavLinkLink
        to="/"
        label={t('nav.start')}
        leftSection={<IconHome {...icon} />}
        active={pathname === '/'}
        onClick={onNavigate}
      />
      <NavLinkLink
        to="/gliederungen"
        label={t('nav.units')}
        leftSection={<IconSitemap {...icon} />}
        active={pathname.startsWith('/gliederungen')}
        onClick={onNavigate}
      />
      <MemberNavigation pathname={pathname} onNavigate={onNavigate} />
      <ImportNavigation pathname={pathname} onNavigate={onNavigate} />
      <StatisticsNavigation pathname={pathname} onNavigate={onNavigate} />
      <DelegatesNavigation pathname={pathname} onNavigate={onNavigate} />
      <AccountNavigation pathname={pathname} onNavigate={onNavigate} />
      <Divider my="sm" />
      <Text component="h2" size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" pb={4}>
        {t('nav.sectionHelp')}
      </Text>
      {/* The API reference is a page of the server, not of this app: a full page load. */}
      <NavLink href="/api/docs" label={t('nav.apiDocs')} leftSection={<IconApi {...icon} />} />
    </Stack>
  );
}
