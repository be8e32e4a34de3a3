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

export const accountUsersQuery = graphql(`
  query AccountUsers($accountId: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
    users(
      where: { accountID: $accountId }
      first: $first
      after: $after
      last: $last
      before: $before
      orderBy: [{ field: CREATED_AT, direction: ASC }]
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
          role
          state
          lastLoginAt
        }
      }
    }
  }
`);

export const accountSubscriptionsQuery = graphql(`
  query AccountSubscriptions($accountId: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
    serviceSubscriptions(
      where: { accountID: $accountId }
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
          state
          createdAt
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

export const createAccountMutation = graphql(`
  mutation CreateAccount($input: CreateAccountInput!) {
    createAccount(input: $input) {
      id
      orgName
      state
    }
  }
`);

export const createUserMutation = graphql(`
  mutation CreateUser($input: CreateUserInput!, $password: String) {
    createUser(input: $input, password: $password) {
      id
      username
      email
    }
  }
`);

export const updateAccountMutation = graphql(`
  mutation UpdateAccount($id: ID!, $input: UpdateAccountInput!) {
    updateAccount(id: $id, input: $input) {
      id
      orgName
      vatCode
      billingAddress
      updatedAt
    }
  }
`);

export const deleteAccountMutation = graphql(`
  mutation DeleteAccount($id: ID!) {
    deleteAccount(id: $id) {
      deletedID
    }
  }
`);


export const approveAccountMutation = graphql(`
  mutation ApproveAccount($id: ID!) {
    approveAccount(id: $id) {
      id
      orgName
      state
      stateChangedAt
    }
  }
`);

export const rejectAccountMutation = graphql(`
  mutation RejectAccount($id: ID!) {
    rejectAccount(id: $id) {
      id
      orgName
      state
      stateChangedAt
    }
  }
`);

export const suspendAccountMutation = graphql(`
  mutation SuspendAccount($id: ID!) {
    suspendAccount(id: $id) {
      id
      orgName
      state
      stateChangedAt
    }
  }
`);

export const resumeAccountMutation = graphql(`
  mutation ResumeAccount($id: ID!) {
    resumeAccount(id: $id) {
      id
      orgName
      state
      stateChangedAt
    }
  }
`);

export const makeAccountPendingMutation = graphql(`
  mutation MakeAccountPending($id: ID!) {
    makeAccountPending(id: $id) {
      id
      orgName
      state
      stateChangedAt
    }
  }
`);

/** Accounts matching a search, for the account picker of a new application. */
export const accountChoicesQuery = graphql(`
  query AccountChoices($search: String) {
    accounts(first: 20, where: { orgNameContainsFold: $search }, orderBy: [{ field: ORG_NAME, direction: ASC }]) {
      totalCount
      edges {
        node {
          id
          orgName
          state
        }
      }
    }
  }
`);
