import { Container } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../features/accounts/session';
import { ErrorAlert } from './ErrorAlert';
import { Loading } from './Loading';

/** Where the login page sends the user back to after a redirect. */
export interface LoginRedirectState {
  from?: string;
}

/** Renders its children only with a session; otherwise sends the user to /masuk. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { session, refresh } = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <Loading fullPage />;
  if (session.status === 'error') {
    return (
      <Container size="sm" py="xl">
        <ErrorAlert error={session.error} onRetry={() => void refresh()} />
      </Container>
    );
  }
  if (session.status === 'anonymous') {
    const state: LoginRedirectState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/masuk" replace state={state} />;
  }
  return <>{children}</>;
}
