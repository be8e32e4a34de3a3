import { graphql } from '../gql';

export const dashboardQuery = graphql(`
  query Dashboard($recent: Int!) {
    accounts {
      totalCount
    }
    pendingAccounts: accounts(where: { state: PENDING }) {
      totalCount
    }
    recentAccounts: accounts(first: $recent, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      edges {
        node {
          id
          orgName
          state
          createdAt
        }
      }
    }
    applications {
      totalCount
    }
    pendingApplications: applications(where: { state: PENDING }) {
      totalCount
    }
    products(first: $recent, orderBy: [{ field: UPDATED_AT, direction: DESC }]) {
      totalCount
      edges {
        node {
          id
          name
          systemName
          state
          updatedAt
        }
      }
    }
    backends(first: $recent, orderBy: [{ field: UPDATED_AT, direction: DESC }]) {
      totalCount
      edges {
        node {
          id
          name
          systemName
          privateEndpoint
          updatedAt
        }
      }
    }
  }
`);
