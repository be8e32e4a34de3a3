import { graphql } from '../gql';

export const accountListQuery = graphql(`
  query AccountList($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: AccountWhereInput) {
    accounts(
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
          orgName
          state
          createdAt
          plan {
            id
            name
          }
          users(first: 1, orderBy: [{ field: CREATED_AT, direction: ASC }]) {
            edges {
              node {
                id
                username
                email
              }
            }
          }
          applications {
            totalCount
          }
        }
      }
    }
  }
`);

export const accountDetailQuery = graphql(`
  query AccountDetail($id: ID!) {
    node(id: $id) {
      id
      ... on Account {
        orgName
        state
        createdAt
        stateChangedAt
        vatCode
        billingAddress
        plan {
          id
          name
        }
        users {
          totalCount
        }
        applications {
          totalCount
        }
        subscriptions {
          totalCount
        }
      }
    }
  }
`);
