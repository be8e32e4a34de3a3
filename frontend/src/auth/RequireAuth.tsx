import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';

import { LoadingState } from '../components/LoadingState';
import { useAuth } from './AuthProvider';
import { loginUrl } from './urls';

/** Renders its children for a signed-in user; otherwise sends them to the login screen and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();

  if (state.status === 'restoring') {
    return <LoadingState label="Signing you in…" fullPage />;
  }
  if (state.status === 'signedOut') {
    const next = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={loginUrl(state.reason === 'loggedOut' ? undefined : next)} replace />;
  }
  return children;
}
