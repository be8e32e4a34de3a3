import { graphql } from '../gql';

export const backendListQuery = graphql(`
  query BackendList($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: BackendWhereInput) {
    backends(
      first: $first
      after: $after
      last: $last
      before: $before
      where: $where
      orderBy: [{ field: NAME, direction: ASC }]
    ) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          name
          systemName
          privateEndpoint
          updatedAt
          usages {
            totalCount
          }
        }
      }
    }
  }
`);

export const backendOverviewQuery = graphql(`
  query BackendOverview($id: ID!) {
    node(id: $id) {
      id
      ... on Backend {
        name
        systemName
        description
        privateEndpoint
        createdAt
        updatedAt
        usages(first: 100) {
          totalCount
          edges {
            node {
              id
              path
              product {
                id
                name
              }
            }
          }
        }
      }
    }
  }
`);

export const createBackendMutation = graphql(`
  mutation CreateBackend($input: CreateBackendInput!) {
    createBackend(input: $input) {
      id
      name
      systemName
    }
  }
`);

export const updateBackendMutation = graphql(`
  mutation UpdateBackend($id: ID!, $input: UpdateBackendInput!) {
    updateBackend(id: $id, input: $input) {
      id
      name
      description
      privateEndpoint
      updatedAt
    }
  }
`);

export const deleteBackendMutation = graphql(`
  mutation DeleteBackend($id: ID!) {
    deleteBackend(id: $id) {
      deletedID
    }
  }
`);
