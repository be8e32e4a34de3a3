import { useQuery } from 'urql';

import { graphql } from '../gql';

export const nodeNameQuery = graphql(`
  query NodeName($id: ID!) {
    node(id: $id) {
      id
      ... on Product {
        name
      }
      ... on Backend {
        name
      }
      ... on Account {
        orgName
      }
    }
  }
`);

/** The display name of a product, backend or account, for breadcrumbs and the context selector. */
export function useNodeName(id: string | undefined): string | null {
  const [{ data }] = useQuery({
    query: nodeNameQuery,
    variables: { id: id ?? '' },
    pause: !id,
    requestPolicy: 'cache-first',
  });
  const node = data?.node;
  if (!node) return null;
  switch (node.__typename) {
    case 'Product':
    case 'Backend':
      return node.name;
    case 'Account':
      return node.orgName;
    default:
      return null;
  }
}
