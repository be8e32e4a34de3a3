import { graphql } from '../gql';

export const settingsOverviewQuery = graphql(`
  query SettingsOverview {
    viewer {
      tenant {
        id
        orgName
        adminDomain
        developerDomain
        timeZone
        state
      }
    }
  }
`);

export const personalDetailsQuery = graphql(`
  query PersonalDetails {
    viewer {
      user {
        id
        username
        email
        firstName
        lastName
        role
        lastLoginAt
      }
    }
  }
`);

export const accessTokensQuery = graphql(`
  query AccessTokens($first: Int, $after: Cursor, $last: Int, $before: Cursor) {
    accessTokens(
      first: $first
      after: $after
      last: $last
      before: $before
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
          scopes
          permission
          createdAt
          expiresAt
          lastUsedAt
        }
      }
    }
  }
`);

export const createAccessTokenMutation = graphql(`
  mutation CreateAccessToken($input: CreateAccessTokenInput!) {
    createAccessToken(input: $input) {
      value
      accessToken {
        id
        name
        scopes
        permission
        createdAt
        expiresAt
        lastUsedAt
      }
    }
  }
`);

export const deleteAccessTokenMutation = graphql(`
  mutation DeleteAccessToken($id: ID!) {
    deleteAccessToken(id: $id) {
      deletedID
    }
  }
`);

export const userListQuery = graphql(`
  query UserList($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: UserWhereInput) {
    users(
      first: $first
      after: $after
      last: $last
      before: $before
      where: $where
      orderBy: [{ field: USERNAME, direction: ASC }]
    ) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          username
          email
          firstName
          lastName
          role
          state
          lastLoginAt
        }
      }
    }
  }
`);
