import { authExchange } from '@urql/exchange-auth';
import { Client, cacheExchange, fetchExchange, type CombinedError } from 'urql';

import type { SessionManager } from '../auth/session';
import { hasErrorCode } from './errors';
import { graphqlSocketUrl, liveExchange } from './liveSocket';

export const graphqlPath = '/graphql';

function isAuthError(error: CombinedError): boolean {
  if (hasErrorCode(error, 'UNAUTHENTICATED')) return true;
  return error.response instanceof Response && error.response.status === 401;
}

/**
 * The one GraphQL client of the Admin Portal. Every operation carries the
 * in-memory access token; an UNAUTHENTICATED answer triggers one refresh and
 * one retry, and a refused refresh signs the tab out (which sends the user to
 * the login screen and back). Subscriptions go over the websocket.
 */
export function createGraphQLClient(
  session: SessionManager,
  options: { url?: string; fetch?: typeof fetch } = {},
): Client {
  return new Client({
    url: options.url ?? graphqlPath,
    fetch: options.fetch,
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin', headers: { Accept: 'application/graphql-response+json, application/json' } },
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange,
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const token = session.getAccessToken();
          return token ? utils.appendHeaders(operation, { Authorization: `Bearer ${token}` }) : operation;
        },
        willAuthError() {
          return session.needsRefresh();
        },
        didAuthError(error) {
          return isAuthError(error);
        },
        async refreshAuth() {
          const result = await session.refresh();
          if (result === 'unauthenticated') session.expire();
        },
      })),
      liveExchange(
        () => session.getAccessToken(),
        () => graphqlSocketUrl(options.url ?? graphqlPath),
      ),
      fetchExchange,
    ],
  });
}
