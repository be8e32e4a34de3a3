import { Suspense, useState } from 'react';
import { Outlet } from 'react-router';
import { Provider, useQuery } from 'urql';

import { useAuth } from '../auth/AuthProvider';
import { LoadingState } from '../components/LoadingState';
import { createGraphQLClient } from '../graphql/client';
import { useNodeName } from '../graphql/nodeName';
import { AppShell } from '../shell/AppShell';
import { locate } from '../shell/navigation';
import { shellViewerQuery } from '../shell/queries';
import { useLocation } from 'react-router';

function ConnectedShell() {
  const [{ data }] = useQuery({ query: shellViewerQuery });
  const { pathname } = useLocation();
  const location = locate(pathname);
  const ownerId = location.productId ?? location.backendId;
  const ownerName = useNodeName(ownerId);
  const user = data?.viewer.user;
  const displayName = user ? [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username : null;

  return (
    <AppShell
      displayName={displayName}
      viewer={
        user && data
          ? {
              isAdmin: user.role === 'ADMIN',
              sections: user.sections,
              master: data.viewer.tenant.master,
              impersonator: data.viewer.impersonator,
            }
          : undefined
      }
      planLevels={
        data ? { accountPlans: data.viewer.tenant.accountPlansUIVisible, servicePlans: data.viewer.tenant.servicePlansUIVisible } : undefined
      }
      contextLabel={(current) => {
        if (current.productId) return `Product: ${ownerName ?? '…'}`;
        if (current.backendId) return `Backend: ${ownerName ?? '…'}`;
        return undefined;
      }}
    >
      <Suspense fallback={<LoadingState />}>
        <Outlet />
      </Suspense>
    </AppShell>
  );
}

/**
 * Everything behind the login. The GraphQL client (and so its cache) lives
 * exactly as long as the session: signing out unmounts it.
 */
export function SignedInLayout() {
  const { session } = useAuth();
  const [client] = useState(() => createGraphQLClient(session));
  return (
    <Provider value={client}>
      <ConnectedShell />
    </Provider>
  );
}
