import { graphql } from '../gql';

export const shellViewerQuery = graphql(`
  query ShellViewer {
    viewer {
      user {
        id
        username
        email
        firstName
        lastName
        role
      }
      tenant {
        id
        orgName
        accountPlansUIVisible
        servicePlansUIVisible
      }
    }
  }
`);
