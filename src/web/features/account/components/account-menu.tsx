import { Box, Button, Menu } from '@mantine/core';
import { IconChevronDown, IconLogin2, IconLogout, IconUserCircle, IconDevicesOff } from '@tabler/icons-react';
import { useLocation, useNavigate } from '@tanstack/react-router';
import { useT } from '@/web/components/i18n/i18n';
import { ButtonLink } from '@/web/components/router-links';
import { useMe, useSignOut } from '@/web/lib/session';

/** The header's right end: "Anmelden" for visitors, the account's name with its menu once signed in. */
export function AccountMenu() {
  const t = useT();
  const { me } = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const pathname = useLocation({ select: (location) => location.pathname });

  if (me === undefined) return null;
  if (me === null)
    return pathname === '/anmelden' ? null : (
      <ButtonLink
        to="/anmelden"
        variant="white"
        size="sm"
        visibleFrom="sm"
        leftSection={<IconLogin2 size={18} aria-hidden="true" />}
      >
        {t('nav.login')}
      </ButtonLink>
    );

  const leave = (scope: 'here' | 'everywhere') =>
    signOut.mutate(scope, { onSettled: () => void navigate({ to: '/anmelden' }) });

  return (
    <Menu position="bottom-end" shadow="md" width={240}>
      <Menu.Target>
        <Button
          variant="subtle"
          color="white"
          c="white"
          size="sm"
          px="xs"
          leftSection={<IconUserCircle size={20} aria-hidden="true" />}
          rightSection={<IconChevronDown size={16} aria-hidden="true" />}
          aria-label={t('account.menuLabel', { name: me.displayName })}
        >
          <Box
            component="span"
            visibleFrom="sm"
            maw={200}
            style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}
          >
            {me.displayName}
          </Box>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me.email}</Menu.Label>
        {!me.twoFactor.enrolmentRequired && (
          <Menu.Item
            leftSection={<IconUserCircle size={18} aria-hidden="true" />}
            onClick={() => void navigate({ to: '/konto' })}
          >
            {t('account.myAccount')}
          </Menu.Item>
        )}
        <Menu.Item leftSection={<IconLogout size={18} aria-hidden="true" />} onClick={() => leave('here')}>
          {t('account.signOut')}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconDevicesOff size={18} aria-hidden="true" />}
          onClick={() => leave('everywhere')}
        >
          {t('account.signOutEverywhere')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
