// Who is logged in. On page load the app asks GET /api/v1/session once; the CSRF token from the
// answer is kept in memory for all later writes.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from './api.ts';
import type { SessionInfo, User } from './types.ts';

type SessionState = {
  /** undefined while the first check runs, null when nobody is logged in. */
  user: User | null | undefined;
  /** Why the last session ended, so the login page can say so. */
  ended: 'logout' | 'expired' | undefined;
  login(email: string, password: string): Promise<User>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
};

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [ended, setEnded] = useState<SessionState['ended']>();

  const apply = useCallback((s: SessionInfo | null, reason?: SessionState['ended']) => {
    setCsrfToken(s?.csrfToken || undefined);
    setUser(s?.user ?? null);
    setEnded(reason);
  }, []);

  const refresh = useCallback(async () => {
    try {
      apply(await api<SessionInfo>('GET', '/api/v1/session'));
    } catch (err) {
      // 401 simply means "not logged in"; anything else must not lock the public pages either.
      if (!(err instanceof ApiError) || err.status !== 401) console.warn('Sitzung konnte nicht geprüft werden', err);
      apply(null);
    }
  }, [apply]);

  useEffect(() => {
    void refresh();
    setUnauthorizedHandler(() => apply(null, 'expired'));
    return () => setUnauthorizedHandler(undefined);
  }, [refresh, apply]);

  const value = useMemo<SessionState>(
    () => ({
      user,
      ended,
      refresh,
      async login(email, password) {
        const s = await api<SessionInfo>('POST', '/api/v1/session', { email, password });
        apply(s);
        return s.user;
      },
      async logout() {
        try {
          await api('DELETE', '/api/v1/session');
        } finally {
          apply(null, 'logout');
        }
      },
    }),
    [user, ended, refresh, apply],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Slugs of the tenants where the user is an administrator. */
export function adminTenantSlugs(user: User): string[] {
  return user.memberships.filter((m) => m.role === 'admin').map((m) => m.tenantSlug);
}

/** May this user manage users, read the audit log and jobs (of at least one tenant)? */
export function isAdministrator(user: User): boolean {
  return user.isPlatformAdmin || adminTenantSlugs(user).length > 0;
}
