import {
  ActionIcon,
  AppShell,
  Avatar,
  Badge,
  Box,
  Burger,
  Button,
  Container,
  Divider,
  Group,
  Indicator,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconBuildingCommunity,
  IconBuildingStore,
  IconCash,
  IconChartBar,
  IconClipboardList,
  IconGavel,
  IconHome,
  IconLayoutGrid,
  IconLogin2,
  IconLogout,
  IconMap2,
  IconReceipt,
  IconSend,
  IconShoppingCart,
  IconSignature,
  IconUsers,
} from '@tabler/icons-react';
import { type ReactNode, useEffect, useState } from 'react';
import { Link, Outlet, NavLink as RouterNavLink, useLocation, useNavigate } from 'react-router';
import { fmt, messages } from '../../shared/messages';
import { hasRole, useSession } from '../features/accounts/session';
import type { Me } from '../features/accounts/types';
import { useCart } from '../features/catalog/cart';
import { BrandMark } from './BrandMark';

const HEADER_HEIGHT = 68;

function initialsOf(name: string): string {
  const words = name
    .replace(/,.*$/, '')
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]/.test(w));
  return (
    words
      .slice(0, 2)
      .map((w) => w[0]?.toUpperCase())
      .join('') || '?'
  );
}

function roleLabels(me: Me): string {
  return me.user.roles.map((role) => messages.roles[role]).join(' · ');
}

interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  end?: boolean;
}

function navSections(me: Me | null): Array<{ label?: string; items: NavItem[] }> {
  if (!me) {
    return [
      {
        items: [
          { to: '/katalog', label: messages.nav.catalog, icon: <IconLayoutGrid size={18} /> },
          { to: '/wilayah', label: messages.nav.regions, icon: <IconMap2 size={18} /> },
          { to: '/dasbor', label: messages.nav.dashboard, icon: <IconChartBar size={18} /> },
          { to: '/masuk', label: messages.nav.login, icon: <IconLogin2 size={18} /> },
        ],
      },
    ];
  }
  const sections: Array<{ label?: string; items: NavItem[] }> = [
    {
      items: [
        { to: '/', label: messages.nav.home, icon: <IconHome size={18} />, end: true },
        { to: '/katalog', label: messages.nav.catalog, icon: <IconLayoutGrid size={18} /> },
        { to: '/wilayah', label: messages.nav.regions, icon: <IconMap2 size={18} /> },
        { to: '/dasbor', label: messages.nav.dashboard, icon: <IconChartBar size={18} /> },
      ],
    },
  ];
  const purchasing: NavItem[] = [];
  if (hasRole(me, 'pp')) {
    purchasing.push(
      { to: '/keranjang', label: messages.nav.cart, icon: <IconShoppingCart size={18} /> },
      { to: '/pesanan', label: messages.nav.myOrders, icon: <IconClipboardList size={18} /> },
    );
  }
  if (hasRole(me, 'ppk'))
    purchasing.push({ to: '/ppk', label: messages.nav.ppkQueue, icon: <IconSignature size={18} /> });
  if (hasRole(me, 'bendahara'))
    purchasing.push({ to: '/pembayaran', label: messages.nav.payments, icon: <IconCash size={18} /> });
  if (purchasing.length > 0) sections.push({ label: messages.nav.purchasing, items: purchasing });
  if (hasRole(me, 'operator')) {
    sections.push({
      label: messages.nav.administration,
      items: [
        { to: '/admin/pesanan', label: messages.nav.pemdaOrders, icon: <IconReceipt size={18} /> },
        { to: '/admin/aturan', label: messages.nav.rules, icon: <IconGavel size={18} /> },
        { to: '/admin/satker', label: messages.nav.satkers, icon: <IconBuildingCommunity size={18} /> },
        { to: '/admin/pengguna', label: messages.nav.users, icon: <IconUsers size={18} /> },
        { to: '/admin/mitra', label: messages.nav.partners, icon: <IconBuildingStore size={18} /> },
        { to: '/admin/outbox', label: messages.nav.outbox, icon: <IconSend size={18} /> },
      ],
    });
  }
  return sections;
}

/** The cart's size in the header, for a Pejabat Pengadaan; it leads to the cart page. */
function CartIndicator() {
  const { count } = useCart();
  const label = fmt(messages.nav.cartCount, { count });
  return (
    <Tooltip label={label}>
      <Indicator
        label={count}
        size={18}
        color="sogan"
        offset={4}
        disabled={count === 0}
        withBorder
        data-testid="cart-indicator"
        data-count={count}
      >
        <ActionIcon
          variant="subtle"
          color="white"
          size="lg"
          aria-label={label}
          component={Link}
          to="/keranjang"
          data-testid="cart-link"
        >
          <IconShoppingCart size={20} />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}

/** The page frame: header with the brand, a navbar that becomes a burger menu on phones. */
export function AppLayout() {
  const { session, logOut } = useSession();
  const me = session.status === 'authenticated' ? session.me : null;
  const [opened, { toggle, close }] = useDisclosure(false);
  const [loggingOut, setLoggingOut] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();

  // Close the phone menu after every navigation.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on path change on purpose.
  useEffect(() => {
    close();
  }, [location.pathname, close]);

  const handleLogout = async () => {
    setLoggingOut(true);
    try {
      await logOut();
      notifications.show({ message: messages.auth.loggedOut, color: 'jateng' });
    } catch {
      // The session is dropped on this side anyway; the login page is the right place to be.
    } finally {
      setLoggingOut(false);
      navigate('/masuk', { replace: true });
    }
  };

  return (
    <AppShell
      header={{ height: HEADER_HEIGHT }}
      navbar={{ width: 264, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={0}
    >
      <a href="#konten" className="blk-skip-link">
        {messages.app.skipToContent}
      </a>
      <AppShell.Header className="blk-header blk-kawung">
        <Group
          h={HEADER_HEIGHT - 4}
          px={{ base: 'sm', sm: 'md' }}
          justify="space-between"
          wrap="nowrap"
          gap="xs"
        >
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              color="white"
              aria-label={opened ? messages.nav.closeMenu : messages.nav.openMenu}
            />
            <UnstyledButton component={Link} to="/" aria-label={messages.app.name} style={{ minWidth: 0 }}>
              <Group gap={10} wrap="nowrap">
                <BrandMark size={38} />
                <Box style={{ minWidth: 0 }}>
                  <Text fw={800} fz={{ base: 17, sm: 19 }} lh={1.15} c="white" truncate>
                    {messages.app.name}
                  </Text>
                  <Text fz={{ base: 10.5, sm: 12 }} lh={1.2} c="jateng.1" truncate>
                    {messages.app.tagline}
                  </Text>
                </Box>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Group gap={4} visibleFrom="sm" component="nav" aria-label={messages.nav.label}>
              {me && (
                <RouterNavLink to="/" end className="blk-header-link">
                  {messages.nav.home}
                </RouterNavLink>
              )}
              <RouterNavLink to="/katalog" className="blk-header-link">
                {messages.nav.catalog}
              </RouterNavLink>
              <RouterNavLink to="/wilayah" className="blk-header-link">
                {messages.nav.regions}
              </RouterNavLink>
              <RouterNavLink to="/dasbor" className="blk-header-link">
                {messages.nav.dashboard}
              </RouterNavLink>
            </Group>
            {me && hasRole(me, 'pp') && <CartIndicator />}
            {me ? (
              <>
                <Box visibleFrom="md" ta="right" maw={220} ml="xs">
                  <Text size="sm" fw={600} c="white" truncate>
                    {me.user.name}
                  </Text>
                  <Text size="xs" c="jateng.1" truncate>
                    {roleLabels(me)}
                  </Text>
                </Box>
                <Button
                  visibleFrom="xs"
                  variant="white"
                  color="jateng.9"
                  size="sm"
                  leftSection={<IconLogout size={16} />}
                  onClick={handleLogout}
                  loading={loggingOut}
                  data-testid="logout-button"
                >
                  {messages.nav.logout}
                </Button>
                <Tooltip label={messages.nav.logout}>
                  <ActionIcon
                    hiddenFrom="xs"
                    variant="white"
                    color="jateng.9"
                    size="lg"
                    onClick={handleLogout}
                    loading={loggingOut}
                    aria-label={messages.nav.logout}
                    data-testid="logout-button-compact"
                  >
                    <IconLogout size={18} />
                  </ActionIcon>
                </Tooltip>
              </>
            ) : (
              session.status !== 'loading' &&
              location.pathname !== '/masuk' && (
                <Button
                  component={Link}
                  to="/masuk"
                  variant="white"
                  color="jateng.9"
                  size="sm"
                  leftSection={<IconLogin2 size={16} />}
                >
                  {messages.nav.login}
                </Button>
              )
            )}
          </Group>
        </Group>
        <div className="blk-stripe" />
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={messages.nav.label}>
        {me && (
          <>
            <Group gap="sm" wrap="nowrap" p="xs">
              <Avatar color="sogan" radius="xl" size={40}>
                {initialsOf(me.user.name)}
              </Avatar>
              <Box style={{ minWidth: 0 }}>
                <Text size="xs" c="dimmed">
                  {messages.nav.loggedInAs}
                </Text>
                <Text size="sm" fw={600} truncate>
                  {me.user.name}
                </Text>
                <Group gap={4} mt={2}>
                  {me.user.roles.map((role) => (
                    <Badge key={role} size="xs" variant="light" color="jateng">
                      {messages.roles[role]}
                    </Badge>
                  ))}
                </Group>
              </Box>
            </Group>
            <Divider my="xs" />
          </>
        )}
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap="md">
            {navSections(me).map((section, index) => (
              <Box key={section.label ?? index}>
                {section.label && (
                  <Text
                    size="xs"
                    fw={700}
                    tt="uppercase"
                    c="sogan.8"
                    px="sm"
                    mb={4}
                    style={{ letterSpacing: 0.6 }}
                  >
                    {section.label}
                  </Text>
                )}
                {section.items.map((item) => (
                  <NavLink
                    key={item.to}
                    component={RouterNavLink}
                    to={item.to}
                    end={item.end}
                    label={item.label}
                    leftSection={item.icon}
                    active={item.end ? location.pathname === item.to : location.pathname.startsWith(item.to)}
                    variant="light"
                    style={{ borderRadius: 'var(--mantine-radius-md)' }}
                  />
                ))}
              </Box>
            ))}
          </Stack>
        </AppShell.Section>
        {me && (
          <AppShell.Section hiddenFrom="sm">
            <Divider my="xs" />
            <Button
              fullWidth
              variant="light"
              color="sogan"
              leftSection={<IconLogout size={16} />}
              onClick={handleLogout}
              loading={loggingOut}
            >
              {messages.nav.logout}
            </Button>
          </AppShell.Section>
        )}
      </AppShell.Navbar>

      <AppShell.Main id="konten">
        <Container size="lg" px={{ base: 'sm', sm: 'lg' }} py={{ base: 'md', sm: 'xl' }}>
          <Outlet />
          <Text size="xs" c="dimmed" ta="center" mt={48} mb="sm">
            {messages.app.footer}
          </Text>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
