import { AppShell, Avatar, Burger, Group, Menu, ScrollArea, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAddressBook, IconApi, IconBuilding, IconChevronDown, IconCopy, IconFileImport, IconForms,
  IconHistory, IconLogout, IconUsers, IconUsersGroup,
} from '@tabler/icons-react';
import { IconChartBar, IconCoin, IconLayoutKanban, IconSunHigh } from '@tabler/icons-react';
import { IconFilter } from '@tabler/icons-react';
import { IconBan, IconMail, IconMailOff, IconNews } from '@tabler/icons-react';
import { IconHeadset, IconMailCog, IconMessageChatbot, IconSend, IconTemplate } from '@tabler/icons-react';
import { IconClock, IconClockExclamation, IconMessageCode } from '@tabler/icons-react';
import { IconReceipt } from '@tabler/icons-react';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import type { ComponentType } from 'react';
import { useLogout, usePermissions, type Permission } from '../auth/api';
import { EmailRemindersItem } from '../notifications/EmailRemindersItem';
import { NotificationBell } from '../notifications/NotificationBell';
import { OfflineBanner } from '../offline/OfflineBanner';
import { SearchSpotlight } from '../search/SearchSpotlight';
import { WorkspaceSwitcher } from '../workspaces/WorkspaceSwitcher';
import { NavLinkLink } from './links';

interface NavItem {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number }>;
  perm: Permission;
  exact?: boolean;
}

const MAIN_NAV: NavItem[] = [
  { to: '/contacts', label: 'Contacts', icon: IconAddressBook, perm: 'contacts:read', exact: true },
  { to: '/contacts/duplicates', label: 'Duplicates', icon: IconCopy, perm: 'contacts:write' },
  { to: '/companies', label: 'Companies', icon: IconBuilding, perm: 'companies:read' },
  { to: '/segments', label: 'Segments', icon: IconFilter, perm: 'segments:read' as Permission },
  { to: '/lists', label: 'Lists', icon: IconMail, perm: 'lists:read' },
  { to: '/forms', label: 'Forms', icon: IconNews, perm: 'lists:read' },
  { to: '/suppressions', label: 'Suppressions', icon: IconBan, perm: 'lists:read' },
  { to: '/imports', label: 'Imports', icon: IconFileImport, perm: 'imports:run' },
  { to: '/deals', label: 'Deals', icon: IconCoin, perm: 'deals:read' },
  { to: '/tickets', label: 'Tickets', icon: IconHeadset, perm: 'tickets:read' as Permission },
  { to: '/chat', label: 'Live chat', icon: IconMessageChatbot, perm: 'tickets:read' as Permission },
  { to: '/orders', label: 'Orders', icon: IconReceipt, perm: 'orders:read' },
  { to: '/my-day', label: 'My day', icon: IconSunHigh, perm: 'activities:read' },
  { to: '/reports', label: 'Reports', icon: IconChartBar, perm: 'reports:sales' },
  { to: '/campaigns', label: 'Campaigns', icon: IconSend, perm: 'campaigns:read' as Permission },
  { to: '/templates', label: 'Templates', icon: IconTemplate, perm: 'campaigns:read' as Permission },
  { to: '/email-reports', label: 'Campaign reports', icon: IconChartBar, perm: 'campaigns:read' as Permission },
  { to: '/deliverability', label: 'Deliverability', icon: IconMailOff, perm: 'campaigns:read' as Permission },
  { to: '/support-reports', label: 'Support reports', icon: IconChartBar, perm: 'reports:support' as Permission },
];

const ADMIN_NAV: NavItem[] = [
  { to: '/settings/custom-fields', label: 'Custom fields', icon: IconForms, perm: 'custom_fields:manage' },
  { to: '/settings/users', label: 'Users', icon: IconUsersGroup, perm: 'users:read' },
  { to: '/settings/api-keys', label: 'API keys', icon: IconApi, perm: 'api_keys:manage' },
  { to: '/settings/pipelines', label: 'Pipelines', icon: IconLayoutKanban, perm: 'pipelines:manage' },
  { to: '/audit', label: 'Audit log', icon: IconHistory, perm: 'audit:read' },
  { to: '/settings/sending', label: 'Sending', icon: IconMailCog, perm: 'sending:manage' as Permission },
  { to: '/settings/sla-policies', label: 'SLA policies', icon: IconClockExclamation, perm: 'tickets:manage' as Permission },
  { to: '/settings/business-hours', label: 'Business hours', icon: IconClock, perm: 'tickets:manage' as Permission },
  { to: '/settings/canned-replies', label: 'Canned replies', icon: IconMessageCode, perm: 'tickets:write' as Permission },
  { to: '/settings/chat-widget', label: 'Chat widget', icon: IconMessageChatbot, perm: 'tickets:manage' as Permission },
];

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { can, me } = usePermissions();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const logout = useLogout();
  const navigate = useNavigate();

  const isActive = (item: NavItem) => {
    if (item.to === '/contacts') return pathname === '/contacts' || /^\/contacts\/\d+/.test(pathname);
    return pathname === item.to || pathname.startsWith(item.to + '/');
  };
  const renderItems = (items: NavItem[]) =>
    items.filter((i) => can(i.perm)).map((i) => (
      <NavLinkLink key={i.to} to={i.to} label={i.label} leftSection={<i.icon size={18} />} active={isActive(i)}
        activeOptions={{ exact: true }} onClick={close} data-testid={`nav-${i.label.toLowerCase().replace(/\s+/g, '-')}`} style={{ borderRadius: 6 }} />
    ));
  const adminItems = renderItems(ADMIN_NAV);

  const onLogout = () => logout.mutate(undefined, { onSettled: () => navigate({ to: '/login' }) });
  const initials = (me?.user.name ?? '?').split(/\s+/).map((s) => s[0]).join('').slice(0, 2).toUpperCase();

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding={{ base: 'sm', sm: 'lg' }}>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" data-testid="nav-burger" />
            <ThemeIcon size="md" radius="md"><IconAddressBook size={18} /></ThemeIcon>
            <Text fw={700} fz="lg">Rapport</Text>
            <WorkspaceSwitcher />
          </Group>
          <Group gap="xs" wrap="nowrap">
          <SearchSpotlight />
          <NotificationBell />
          <Menu position="bottom-end" width={240} withinPortal>
            <Menu.Target>
              <UnstyledButton data-testid="user-menu">
                <Group gap={8} wrap="nowrap">
                  <Avatar size={30} radius="xl" color="indigo">{initials}</Avatar>
                  <Text fz="sm" fw={500} visibleFrom="sm">{me?.user.name}</Text>
                  <IconChevronDown size={14} />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{me?.user.email}</Menu.Label>
              <Menu.Item disabled leftSection={<IconUsers size={16} />}>Role: {me?.user.role}</Menu.Item>
              {can('activities:read') && <EmailRemindersItem />}
              <Menu.Divider />
              <Menu.Item color="red.9" leftSection={<IconLogout size={16} />} onClick={onLogout} data-testid="logout">
                Log out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea}>
          <WorkspaceSwitcher inDrawer onDone={close} />
          {renderItems(MAIN_NAV)}
          {adminItems.length > 0 && (
            <>
              <Text fz="xs" fw={700} c="dimmed" tt="uppercase" mt="lg" mb={4} px="sm">Workspace</Text>
              {adminItems}
            </>
          )}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        <OfflineBanner />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
