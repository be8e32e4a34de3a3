import { useState, type ReactNode } from 'react';
import { Provider } from 'urql';

import { createPublicGraphQLClient } from '../graphql/publicClient';

/** Gives the screens outside the login (sign-in, invitation acceptance) a GraphQL client without credentials. */
export function PublicGraphQL({ children }: { children: ReactNode }) {
  const [client] = useState(() => createPublicGraphQLClient());
  return <Provider value={client}>{children}</Provider>;
}
