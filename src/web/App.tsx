import { Button, Container, Stack, Text, Title } from '@mantine/core';
import type { ComponentType, ReactNode } from 'react';
import { createBrowserRouter, Navigate, type RouteObject, RouterProvider } from 'react-router';
import { messages } from '../shared/messages';
import { AppLayout } from './components/AppLayout';
import { Loading } from './components/Loading';
import { RequireAuth } from './components/RequireAuth';
import { RequireRole } from './components/RequireRole';
import type { Role } from './features/accounts/types';
import { CatalogSearchPage } from './routes/CatalogSearchPage';
import { HomePage } from './routes/HomePage';
import { LoginPage } from './routes/LoginPage';
import { NotFoundPage } from './routes/NotFoundPage';

/** Shown when a page throws while rendering. */
function RouteError() {
  return (
    <Container size="sm" py={64}>
      <Stack gap="md" align="flex-start">
        <Title order={1} fz={24} c="jateng.9">
          {messages.errors.title}
        </Title>
        <Text c="dimmed">{messages.errors.pageCrashed}</Text>
        <Button onClick={() => window.location.reload()}>{messages.errors.reload}</Button>
      </Stack>
    </Container>
  );
}

/** A page for signed-in users holding one of `roles` (any signed-in user without). */
function guarded(element: ReactNode, roles?: Role[]) {
  return <RequireAuth>{roles ? <RequireRole roles={roles}>{element}</RequireRole> : element}</RequireAuth>;
}

/** Who may open a page: anyone, any signed-in user, or signed-in users holding one of the roles. */
type Access = 'public' | 'signed-in' | Role[];

/**
 * A route whose page is loaded when it is first visited (its own chunk: the dashboard's charts,
 * the admin pages and the order pages stay out of the bundle the login and the catalogue need).
 */
function lazyPage<M>(
  path: string,
  load: () => Promise<M>,
  pick: (module: M) => ComponentType,
  access: Access = 'public',
): RouteObject {
  return {
    path,
    lazy: async () => {
      const Page = pick(await load());
      if (access === 'public') return { element: <Page /> };
      return { element: guarded(<Page />, access === 'signed-in' ? undefined : access) };
    },
  };
}

const orderLists = () => import('./routes/OrderListPages');

const router = createBrowserRouter([
  { path: '/masuk', element: <LoginPage />, errorElement: <RouteError /> },
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <Loading />,
    children: [
      lazyPage(
        '/wilayah',
        () => import('./routes/RegionsPage'),
        (m) => m.RegionsPage,
      ),
      lazyPage(
        '/dasbor',
        () => import('./routes/DashboardPage'),
        (m) => m.DashboardPage,
      ),
      { path: '/katalog', element: <CatalogSearchPage /> },
      lazyPage(
        '/katalog/produk/:id',
        () => import('./routes/CatalogProductPage'),
        (m) => m.CatalogProductPage,
      ),
      lazyPage(
        '/katalog/bandingkan',
        () => import('./routes/CatalogComparePage'),
        (m) => m.CatalogComparePage,
      ),
      { path: '/', element: guarded(<HomePage />) },
      { path: '/admin', element: <Navigate to="/admin/satker" replace /> },
      lazyPage(
        '/admin/satker',
        () => import('./routes/AdminSatkersPage'),
        (m) => m.AdminSatkersPage,
        ['operator'],
      ),
      lazyPage(
        '/admin/pengguna',
        () => import('./routes/AdminUsersPage'),
        (m) => m.AdminUsersPage,
        ['operator'],
      ),
      lazyPage(
        '/admin/mitra',
        () => import('./routes/AdminPartnersPage'),
        (m) => m.AdminPartnersPage,
        ['operator'],
      ),
      lazyPage(
        '/admin/outbox',
        () => import('./routes/AdminOutboxPage'),
        (m) => m.AdminOutboxPage,
        ['operator'],
      ),
      lazyPage(
        '/keranjang',
        () => import('./routes/CartPage'),
        (m) => m.CartPage,
        ['pp'],
      ),
      lazyPage('/pesanan', orderLists, (m) => m.MyOrdersPage, ['pp']),
      lazyPage(
        '/pesanan/:number',
        () => import('./routes/OrderPage'),
        (m) => m.OrderPage,
        'signed-in',
      ),
      lazyPage('/ppk', orderLists, (m) => m.PpkQueuePage, ['ppk']),
      lazyPage('/pembayaran', orderLists, (m) => m.PaymentQueuePage, ['bendahara']),
      lazyPage('/admin/pesanan', orderLists, (m) => m.AdminOrdersPage, ['operator']),
      lazyPage(
        '/admin/aturan',
        () => import('./routes/AdminRulesPage'),
        (m) => m.AdminRulesPage,
        ['operator'],
      ),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/** Routes: /masuk (login), / (home per role), /wilayah (public), /katalog (public catalogue search),
 * /katalog/produk/:id (product page), /katalog/bandingkan?ids= (comparison), /admin/satker, /admin/pengguna,
 * /admin/mitra (partner marketplaces), /admin/outbox (calls routed to partners), /keranjang (the PP's
 * cart and checkout), /pesanan (the PP's orders), /pesanan/:number (an order), /ppk (approval and
 * receipt queue), /pembayaran (payment queue), /admin/pesanan (the pemda's orders), /admin/aturan
 * (purchase rules). */
export function App() {
  return <RouterProvider router={router} />;
}
