import { graphql } from '../gql';

export const providerListQuery = graphql(`
  query ProviderList($first: Int, $after: Cursor, $last: Int, $before: Cursor, $query: String, $state: TenantState) {
    providers(first: $first, after: $after, last: $last, before: $before, query: $query, state: $state) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        node {
          id
          orgName
          adminDomain
          state
          createdAt
          providerStats {
            accounts
            applications
            hitsLast30Days
          }
        }
      }
    }
  }
`);

export const providerDetailQuery = graphql(`
  query ProviderDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on Tenant {
        id
        orgName
        adminDomain
        developerDomain
        fromEmail
        supportEmail
        state
        stateChangedAt
        createdAt
        providerEvents
        providerStats {
          accounts
          applications
          users
          pendingInvitations
          hitsLast30Days
        }
        providerUsers {
          id
          username
          email
          role
          state
          lastLoginAt
        }
      }
    }
  }
`);

export const createProviderMutation = graphql(`
  mutation CreateProvider($input: CreateProviderInput!) {
    createProvider(input: $input) {
      provider {
        id
        orgName
        adminDomain
      }
      adminUsername
      accessToken
    }
  }
`);

export const updateProviderMutation = graphql(`
  mutation UpdateProvider($id: ID!, $input: UpdateProviderInput!) {
    updateProvider(id: $id, input: $input) {
      id
      orgName
      adminDomain
      developerDomain
      fromEmail
      supportEmail
    }
  }
`);

export const changeProviderStateMutation = graphql(`
  mutation ChangeProviderState($id: ID!, $event: ProviderEvent!) {
    changeProviderState(id: $id, event: $event) {
      id
      state
      stateChangedAt
      providerEvents
    }
  }
`);

export const impersonateProviderMutation = graphql(`
  mutation ImpersonateProvider($id: ID!) {
    impersonateProvider(id: $id) {
      url
      username
      expiresAt
    }
  }
`);
