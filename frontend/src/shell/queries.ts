import { graphql } from '../gql';

export const shellViewerQuery = graphql(`
  query ShellViewer {
    viewer {
      impersonator
      user {
        id
        username
        email
        firstName
        lastName
        role
        sections
      }
      tenant {
        id
        orgName
        master
        accountPlansUIVisible
        servicePlansUIVisible
      }
    }
  }
`);
