import { createContext, use, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';

import type { SessionManager, SessionState } from './session';

interface AuthContextValue {
  session: SessionManager;
  state: SessionState;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export interface AuthProviderProps {
  session: SessionManager;
  /** Ask the server on mount whether the refresh cookie still signs us in. */
  restoreOnMount?: boolean;
  children: ReactNode;
}

export function AuthProvider({ session, restoreOnMount = true, children }: AuthProviderProps) {
  const state = useSyncExternalStore(session.subscribe, session.getState);

  useEffect(() => {
    if (restoreOnMount && session.getState().status === 'restoring') {
      void session.restore();
    }
  }, [session, restoreOnMount]);

  const value = useMemo(() => ({ session, state }), [session, state]);
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthContextValue {
  const value = use(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>.');
  return value;
}
