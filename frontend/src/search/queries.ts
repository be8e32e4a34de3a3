import { graphql } from '../gql';

export const globalSearchQuery = graphql(`
  query GlobalSearch($query: String!) {
    search(query: $query, first: 6) {
      accounts {
        id
        orgName
        state
      }
      applications {
        id
        name
        userKey
        appID
        appKeys
        account {
          id
          orgName
        }
        product {
          id
          name
        }
      }
      products {
        id
        name
        systemName
      }
      backends {
        id
        name
        systemName
      }
      plans {
        id
        name
        kind
        product {
          id
          name
        }
      }
      users {
        id
        username
        email
        account {
          id
          orgName
        }
      }
    }
  }
`);
