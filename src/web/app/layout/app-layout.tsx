import { AppShell, Box, Burger, Container, Group, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { Link, Outlet, useLocation } from '@tanstack/react-router';
import { useEffect, useRef, type MouseEvent } from 'react';
import { useT } from '@/web/components/i18n/i18n';
import { AccountMenu } from '@/web/features/account/components/account-menu';
import { useOrganisationName } from '@/web/features/units/api/get-units';
import { AppNavigation } from '@/web/app/layout/app-navigation';
import { LanguageMenu } from '@/web/app/layout/language-menu';

const NAVBAR_ID = 'main-navigation';
const MAIN_ID = 'main-content';

export function AppLayout() {
  const t = useT();
  const [opened, { toggle, close }] = useDisclosure(false);
  // Below Mantine's "sm" breakpoint the navigation slides in over the page.
  const isPhone = useMediaQuery('(max-width: 47.99em)') ?? false;
  const mainRef = useRef<HTMLElement>(null);
  const pathname = useLocation({ select: (location) => location.pathname });
  const organisation = useOrganisationName();

  // After a client-side navigation, start reading and tabbing at the new page's content.
  const firstPath = useRef(pathname);
  useEffect(() => {
    if (pathname === firstPath.current) return;
    firstPath.current = '';
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  const skipToContent = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    mainRef.current?.focus();
  };

  return (
    <>
      <a href={`#${MAIN_ID}`} className="skip-link" onClick={skipToContent}>
        {t('app.skipToContent')}
      </a>
      <AppShell
        header={{ height: 64 }}
        navbar={{ width: 264, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding={0}
      >
        <AppShell.Header className="app-header">
          <Group h="100%" px={{ base: 'sm', sm: 'lg' }} justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap" miw={0}>
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                color="white"
                aria-label={opened ? t('app.closeNavigation') : t('app.openNavigation')}
                aria-expanded={opened}
                aria-controls={NAVBAR_ID}
              />
              <UnstyledButton
                component={Link}
                to="/"
                aria-label={t('app.homeLink')}
                className="app-brand"
                onClick={close}
              >
                <img src="/favicon.svg" alt="" width={32} height={32} className="app-brand-mark" />
                <Box miw={0}>
                  <Text component="span" fw={700} fz="lg" c="white" lh={1.15} display="block">
                    {t('app.name')}
                  </Text>
                  {organisation && (
                    <Text component="span" fz="xs" c="amtsblau.0" lh={1.3} display="block" truncate>
                      {organisation}
                    </Text>
                  )}
                </Box>
              </UnstyledButton>
            </Group>
            <Group gap="xs" wrap="nowrap">
              <LanguageMenu />
              <AccountMenu />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar
          id={NAVBAR_ID}
          p="sm"
          aria-label={t('app.mainNavigation')}
          // Off-screen links must not take keyboard focus while the phone menu is closed.
          inert={isPhone && !opened}
        >
          <AppNavigation onNavigate={close} />
        </AppShell.Navbar>

        <AppShell.Main id={MAIN_ID} ref={mainRef} tabIndex={-1} className="app-main">
          <Container
            size="lg"
            py={{ base: 'lg', sm: 'xl' }}
            px={{ base: 'md', sm: 'xl' }}
            className="app-content"
          >
            <Outlet />
          </Container>
          <Box component="footer" className="app-footer">
            <Container size="lg" px={{ base: 'md', sm: 'xl' }}>
              <Text size="sm" c="dimmed">
                {t('app.footer')}
              </Text>
            </Container>
          </Box>
        </AppShell.Main>
      </AppShell>
    </>
  );
}
