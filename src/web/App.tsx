import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { messages } from '../shared/messages';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';
import { RequireRole } from './components/RequireRole';
import { AdminOutboxPage } from './routes/AdminOutboxPage';
import { AdminPartnersPage } from './routes/AdminPartnersPage';
import { AdminSatkersPage } from './routes/AdminSatkersPage';
import { AdminUsersPage } from './routes/AdminUsersPage';
import { CatalogComparePage } from './routes/CatalogComparePage';
import { CatalogProductPage } from './routes/CatalogProductPage';
import { CatalogSearchPage } from './routes/CatalogSearchPage';
import { DashboardPage } from './routes/DashboardPage';
import { HomePage } from './routes/HomePage';
import { LoginPage } from './routes/LoginPage';
import { NotFoundPage } from './routes/NotFoundPage';
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
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/** Routes: /masuk (login), / (home per role), /wilayah (public), /katalog (public catalogue search),
 * /katalog/produk/:id (product page), /katalog/bandingkan?ids= (comparison), /admin/satker, /admin/pengguna,
 * /admin/mitra (partner marketplaces), /admin/outbox (calls routed to partners). */
export function App() {
  return <RouterProvider router={router} />;
}
