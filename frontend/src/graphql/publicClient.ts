import { Client, cacheExchange, fetchExchange } from 'urql';

import { graphqlPath } from './client';

/** A GraphQL client without credentials, for the operations open to everyone (login options, accepting an invitation). */
export function createPublicGraphQLClient(options: { url?: string; fetch?: typeof fetch } = {}): Client {
  return new Client({
    url: options.url ?? graphqlPath,
    fetch: options.fetch,
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin', headers: { Accept: 'application/graphql-response+json, application/json' } },
    requestPolicy: 'cache-and-network',
    exchanges: [cacheExchange, fetchExchange],
  });
}
