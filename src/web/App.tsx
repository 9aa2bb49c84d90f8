import { Button, Container, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { messages } from '../shared/messages';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';
import { RequireRole } from './components/RequireRole';
import type { Role } from './features/accounts/types';
import { AdminOutboxPage } from './routes/AdminOutboxPage';
import { AdminPartnersPage } from './routes/AdminPartnersPage';
import { AdminRulesPage } from './routes/AdminRulesPage';
import { AdminSatkersPage } from './routes/AdminSatkersPage';
import { AdminUsersPage } from './routes/AdminUsersPage';
import { CartPage } from './routes/CartPage';
import { CatalogComparePage } from './routes/CatalogComparePage';
import { CatalogProductPage } from './routes/CatalogProductPage';
import { CatalogSearchPage } from './routes/CatalogSearchPage';
import { DashboardPage } from './routes/DashboardPage';
import { HomePage } from './routes/HomePage';
import { LoginPage } from './routes/LoginPage';
import { NotFoundPage } from './routes/NotFoundPage';
import { AdminOrdersPage, MyOrdersPage, PaymentQueuePage, PpkQueuePage } from './routes/OrderListPages';
import { OrderPage } from './routes/OrderPage';
import { RegionsPage } from './routes/RegionsPage';

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

const router = createBrowserRouter([
  { path: '/masuk', element: <LoginPage />, errorElement: <RouteError /> },
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      { path: '/wilayah', element: <RegionsPage /> },
      { path: '/dasbor', element: <DashboardPage /> },
      { path: '/katalog', element: <CatalogSearchPage /> },
      { path: '/katalog/produk/:id', element: <CatalogProductPage /> },
      { path: '/katalog/bandingkan', element: <CatalogComparePage /> },
      {
        path: '/',
        element: (
          <RequireAuth>
            <HomePage />
          </RequireAuth>
        ),
      },
      { path: '/admin', element: <Navigate to="/admin/satker" replace /> },
      {
        path: '/admin/satker',
        element: (
          <RequireAuth>
            <RequireRole roles={['operator']}>
              <AdminSatkersPage />
            </RequireRole>
          </RequireAuth>
        ),
      },
      {
        path: '/admin/pengguna',
        element: (
          <RequireAuth>
            <RequireRole roles={['operator']}>
              <AdminUsersPage />
            </RequireRole>
          </RequireAuth>
        ),
      },
      {
        path: '/admin/mitra',
        element: (
          <RequireAuth>
            <RequireRole roles={['operator']}>
              <AdminPartnersPage />
            </RequireRole>
          </RequireAuth>
        ),
      },
      {
        path: '/admin/outbox',
        element: (
          <RequireAuth>
            <RequireRole roles={['operator']}>
              <AdminOutboxPage />
            </RequireRole>
          </RequireAuth>
        ),
      },
      { path: '/keranjang', element: guarded(<CartPage />, ['pp']) },
      { path: '/pesanan', element: guarded(<MyOrdersPage />, ['pp']) },
      { path: '/pesanan/:number', element: guarded(<OrderPage />) },
      { path: '/ppk', element: guarded(<PpkQueuePage />, ['ppk']) },
      { path: '/pembayaran', element: guarded(<PaymentQueuePage />, ['bendahara']) },
      { path: '/admin/pesanan', element: guarded(<AdminOrdersPage />, ['operator']) },
      { path: '/admin/aturan', element: guarded(<AdminRulesPage />, ['operator']) },
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
