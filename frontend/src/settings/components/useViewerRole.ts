import { useQuery } from 'urql';

import { viewerRoleQuery } from '../queries';

/** Whether the signed-in user is an admin of the account; undefined until known. */
export function useIsAdmin(): { isAdmin: boolean | undefined; viewerId: string | undefined } {
  const [{ data }] = useQuery({ query: viewerRoleQuery });
  return { isAdmin: data ? data.viewer.user.role === 'ADMIN' : undefined, viewerId: data?.viewer.user.id };
}
