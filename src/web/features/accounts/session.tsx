import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, isApiError, onUnauthenticated } from '../../api';
import type { Me, Role, User } from './types';

export type SessionState =
  | { status: 'loading' }
  /** `reason`: why there is no session now (shown on the login page). */
  | { status: 'anonymous'; reason?: 'expired' | 'loggedOut' }
  | { status: 'authenticated'; me: Me }
  /** The session could not be checked (server unreachable or failing). */
  | { status: 'error'; error: unknown };

interface SessionContextValue {
  session: SessionState;
  /** Re-reads GET /api/v1/me. */
  refresh: () => Promise<void>;
  /** POST /api/v1/auth/login then GET /api/v1/me; throws ApiError on refusal. */
  logIn: (username: string, password: string) => Promise<Me>;
  /** POST /api/v1/auth/logout; the session is gone afterwards even if the call failed. */
  logOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

async function fetchMe(): Promise<Me> {
  return api.get<Me>('/api/v1/me', { quietUnauthenticated: true });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const me = await fetchMe();
      setSession({ status: 'authenticated', me });
    } catch (error) {
      if (isApiError(error) && error.status === 401) setSession({ status: 'anonymous' });
      else setSession({ status: 'error', error });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Any API call answering AUTH.UNAUTHENTICATED means the session expired or was ended elsewhere.
  useEffect(
    () =>
      onUnauthenticated(() => {
        setSession((current) =>
          current.status === 'authenticated' ? { status: 'anonymous', reason: 'expired' } : current,
        );
      }),
    [],
  );

  const logIn = useCallback(async (username: string, password: string) => {
    await api.post<{ user: User }>(
      '/api/v1/auth/login',
      { username, password },
      { quietUnauthenticated: true },
    );
    const me = await fetchMe();
    setSession({ status: 'authenticated', me });
    return me;
  }, []);

  const logOut = useCallback(async () => {
    try {
      await api.post<void>('/api/v1/auth/logout', undefined, { quietUnauthenticated: true });
    } finally {
      setSession({ status: 'anonymous', reason: 'loggedOut' });
    }
  }, []);

  const value = useMemo(() => ({ session, refresh, logIn, logOut }), [session, refresh, logIn, logOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession must be used inside <SessionProvider>');
  return context;
}

/** The signed-in user's /me answer; only inside pages guarded by <RequireAuth>. */
export function useMe(): Me {
  const { session } = useSession();
  if (session.status !== 'authenticated') throw new Error('useMe needs an authenticated session');
  return session.me;
}

export function hasRole(me: Me, role: Role): boolean {
  return me.user.roles.includes(role);
}
