import { Button, Container, Stack, Text, Title } from '@mantine/core';
import type { ComponentType, ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
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

/**
 * A route whose page is loaded when it is first visited (its own chunk: the dashboard's charts,
 * the admin pages and the order pages stay out of the bundle the login and the catalogue need),
 * optionally guarded by sign-in and roles.
 */
function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType, guard?: { roles?: Role[] }) {
  return async () => {
    const Page = pick(await load());
    return { element: guard ? guarded(<Page />, guard.roles) : <Page /> };
  };
}

const operator = { roles: ['operator'] as Role[] };
const orderLists = () => import('./routes/OrderListPages');

const router = createBrowserRouter([
  { path: '/masuk', element: <LoginPage />, errorElement: <RouteError /> },
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <Loading />,
    children: [
      {
        path: '/wilayah',
        lazy: lazyPage(
          () => import('./routes/RegionsPage'),
          (m) => m.RegionsPage,
        ),
      },
      {
        path: '/dasbor',
        lazy: lazyPage(
          () => import('./routes/DashboardPage'),
          (m) => m.DashboardPage,
        ),
      },
      { path: '/katalog', element: <CatalogSearchPage /> },
      {
        path: '/katalog/produk/:id',
        lazy: lazyPage(
          () => import('./routes/CatalogProductPage'),
          (m) => m.CatalogProductPage,
        ),
      },
      {
        path: '/katalog/bandingkan',
        lazy: lazyPage(
          () => import('./routes/CatalogComparePage'),
          (m) => m.CatalogComparePage,
        ),
      },
      { path: '/', element: guarded(<HomePage />) },
      { path: '/admin', element: <Navigate to="/admin/satker" replace /> },
      {
        path: '/admin/satker',
        lazy: lazyPage(
          () => import('./routes/AdminSatkersPage'),
          (m) => m.AdminSatkersPage,
          operator,
        ),
      },
      {
        path: '/admin/pengguna',
        lazy: lazyPage(
          () => import('./routes/AdminUsersPage'),
          (m) => m.AdminUsersPage,
          operator,
        ),
      },
      {
        path: '/admin/mitra',
        lazy: lazyPage(
          () => import('./routes/AdminPartnersPage'),
          (m) => m.AdminPartnersPage,
          operator,
        ),
      },
      {
        path: '/admin/outbox',
        lazy: lazyPage(
          () => import('./routes/AdminOutboxPage'),
          (m) => m.AdminOutboxPage,
          operator,
        ),
      },
      {
        path: '/keranjang',
        lazy: lazyPage(
          () => import('./routes/CartPage'),
          (m) => m.CartPage,
          { roles: ['pp'] },
        ),
      },
      { path: '/pesanan', lazy: lazyPage(orderLists, (m) => m.MyOrdersPage, { roles: ['pp'] }) },
      {
        path: '/pesanan/:number',
        lazy: lazyPage(
          () => import('./routes/OrderPage'),
          (m) => m.OrderPage,
          {},
        ),
      },
      { path: '/ppk', lazy: lazyPage(orderLists, (m) => m.PpkQueuePage, { roles: ['ppk'] }) },
      {
        path: '/pembayaran',
        lazy: lazyPage(orderLists, (m) => m.PaymentQueuePage, { roles: ['bendahara'] }),
      },
      { path: '/admin/pesanan', lazy: lazyPage(orderLists, (m) => m.AdminOrdersPage, operator) },
      {
        path: '/admin/aturan',
        lazy: lazyPage(
          () => import('./routes/AdminRulesPage'),
          (m) => m.AdminRulesPage,
          operator,
        ),
      },
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
