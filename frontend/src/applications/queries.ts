import { graphql } from '../gql';

export const applicationListQuery = graphql(`
  query ApplicationList(
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $where: ApplicationWhereInput
  ) {
    applications(
      first: $first
      after: $after
      last: $last
      before: $before
      where: $where
      orderBy: [{ field: CREATED_AT, direction: DESC }]
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
          state
          createdAt
          account {
            id
            orgName
          }
          product {
            id
            name
          }
          plan {
            id
            name
          }
        }
      }
    }
  }
`);

export const applicationDetailQuery = graphql(`
  query ApplicationDetail($id: ID!) {
    node(id: $id) {
      id
      ... on Application {
        name
        description
        state
        createdAt
        acceptedAt
        trialEndsAt
        firstTrafficAt
        userKey
        appID
        account {
          id
          orgName
        }
        product {
          id
          name
          authentication
        }
        plan {
          id
          name
        }
      }
    }
  }
`);
