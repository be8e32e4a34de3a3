import { graphql } from '../gql';

export const accountListQuery = graphql(`
  query AccountList(
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $where: AccountWhereInput
    $orderBy: [AccountOrder!] = [{ field: CREATED_AT, direction: DESC }]
  ) {
    accounts(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: $orderBy
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
          permittedEvents
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
        permittedEvents
        createdAt
        stateChangedAt
        fields {
          ...RecordFieldFields
        }
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
          fields {
            ...RecordFieldFields
          }
        }
      }
    }
  }
`);

export const signUpAccountMutation = graphql(`
  mutation SignUpAccount($input: SignUpAccountInput!) {
    signUpAccount(input: $input) {
      account {
        id
        orgName
        state
      }
      admin {
        id
        username
      }
      invitation {
        id
        email
      }
      applications {
        id
      }
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
      permittedEvents
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
      permittedEvents
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
      permittedEvents
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
      permittedEvents
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
      permittedEvents
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

/** What every bulk mutation answers: one outcome per id, in the order given. */
export const bulkOutcomeFragment = graphql(`
  fragment BulkOutcome on BulkResult {
    succeeded
    failed
    items {
      id
      ok
      code
      message
      field
    }
  }
`);

export const bulkChangeAccountStateMutation = graphql(`
  mutation BulkChangeAccountState($ids: [ID!]!, $event: AccountStateEvent!) {
    bulkChangeAccountState(ids: $ids, event: $event) {
      ...BulkOutcome
    }
  }
`);

export const bulkChangeAccountPlanMutation = graphql(`
  mutation BulkChangeAccountPlan($ids: [ID!]!, $planID: ID!) {
    bulkChangeAccountPlan(ids: $ids, planID: $planID) {
      ...BulkOutcome
    }
  }
`);

export const changeAccountPlanMutation = graphql(`
  mutation ChangeAccountPlan($id: ID!, $planID: ID!) {
    changeAccountPlan(id: $id, planID: $planID) {
      id
      plan {
        id
        name
      }
    }
  }
`);

/** The tenant's account plans, to move accounts between them. */
export const accountPlansQuery = graphql(`
  query AccountPlans {
    plans(
      first: 200
      where: { kind: ACCOUNT }
      orderBy: [{ field: POSITION, direction: ASC }, { field: NAME, direction: ASC }]
    ) {
      totalCount
      edges {
        node {
          id
          name
          state
          isDefault
        }
      }
    }
  }
`);

export const accountsCSVQuery = graphql(`
  query AccountsCSV {
    accountsCSV
  }
`);

export const activateUserMutation = graphql(`
  mutation ActivateUser($id: ID!) {
    activateUser(id: $id) {
      id
      state
    }
  }
`);

export const accountInvitationsQuery = graphql(`
  query AccountInvitations($accountId: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor, $orderBy: [InvitationOrder!] = [{ field: CREATED_AT, direction: DESC }]) {
    invitations(
      where: { accountID: $accountId }
      first: $first
      after: $after
      last: $last
      before: $before
      orderBy: $orderBy
    ) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          email
          status
          createdAt
          sentAt
          expiresAt
          acceptedAt
        }
      }
    }
  }
`);

export const inviteDeveloperUserMutation = graphql(`
  mutation InviteDeveloperUser($accountID: ID!, $email: String!) {
    inviteDeveloperUser(accountID: $accountID, email: $email) {
      id
      email
      status
    }
  }
`);

/** The account's inbox: the messages it received from the provider. */
export const accountInboxQuery = graphql(`
  query AccountInbox($accountId: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor, $orderBy: [MessageRecipientOrder!] = [{ field: CREATED_AT, direction: DESC }]) {
    messageRecipients(
      where: { accountID: $accountId }
      first: $first
      after: $after
      last: $last
      before: $before
      orderBy: $orderBy
    ) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          readAt
          createdAt
          message {
            id
            subject
          }
        }
      }
    }
  }
`);

/** Audience › Accounts › Usage Rules: the tenant's signup and password rules for developers. */
export const usageRulesQuery = graphql(`
  query UsageRules {
    viewer {
      tenant {
        id
        updatedAt
        signupsEnabled
        accountApprovalRequired
        strongPasswords
        developerDetailsEditable
        accountPlansUIVisible
        servicePlansUIVisible
        changeAccountPlanPermission
        changeServicePlanPermission
      }
    }
  }
`);

export const updateUsageRulesMutation = graphql(`
  mutation UpdateUsageRules($input: UpdateTenantInput!) {
    updateTenant(input: $input) {
      id
      updatedAt
      signupsEnabled
      accountApprovalRequired
      strongPasswords
      developerDetailsEditable
      accountPlansUIVisible
      servicePlansUIVisible
      changeAccountPlanPermission
      changeServicePlanPermission
    }
  }
`);

export const fieldDefinitionFragment = graphql(`
  fragment FieldDefinitionFields on FieldDefinition {
    id
    target
    name
    label
    required
    readOnly
    hidden
    choices
    hint
    position
    builtIn
  }
`);

/** A built-in field as the API lists it, with its default label. */
export const builtInFieldFragment = graphql(`
  fragment BuiltInFieldFields on BuiltInField {
    target
    name
    label
    core
  }
`);

/** The definitions of every target, with the built-in fields the API knows. */
export const fieldDefinitionsQuery = graphql(`
  query FieldDefinitions {
    builtInFields {
      ...BuiltInFieldFields
    }
    fieldDefinitions(
      first: 1000
      orderBy: [{ field: TARGET, direction: ASC }, { field: POSITION, direction: ASC }, { field: NAME, direction: ASC }]
    ) {
      totalCount
      edges {
        node {
          ...FieldDefinitionFields
        }
      }
    }
  }
`);

export const createFieldDefinitionMutation = graphql(`
  mutation CreateFieldDefinition($input: CreateFieldDefinitionInput!) {
    createFieldDefinition(input: $input) {
      ...FieldDefinitionFields
    }
  }
`);

export const updateFieldDefinitionMutation = graphql(`
  mutation UpdateFieldDefinition($id: ID!, $input: UpdateFieldDefinitionInput!) {
    updateFieldDefinition(id: $id, input: $input) {
      ...FieldDefinitionFields
    }
  }
`);

export const deleteFieldDefinitionMutation = graphql(`
  mutation DeleteFieldDefinition($id: ID!) {
    deleteFieldDefinition(id: $id) {
      deletedID
    }
  }
`);

/** A field of an account, user or application with its value and rules, as the team sees it. */
export const recordFieldFragment = graphql(`
  fragment RecordFieldFields on RecordField {
    name
    label
    hint
    value
    kind
    defined
    required
    nonEmpty
    readOnly
    hidden
    choices
  }
`);

/** The fields a form for a new account or user offers. */
export const newRecordFieldsQuery = graphql(`
  query NewRecordFields {
    account: newRecordFields(target: ACCOUNT) {
      ...RecordFieldFields
    }
    user: newRecordFields(target: USER) {
      ...RecordFieldFields
    }
  }
`);

export const updateAccountFieldsMutation = graphql(`
  mutation UpdateAccountFields($id: ID!, $fields: StringMap!) {
    updateAccountFields(id: $id, fields: $fields) {
      id
      orgName
      updatedAt
      fields {
        ...RecordFieldFields
      }
    }
  }
`);

export const updateUserFieldsMutation = graphql(`
  mutation UpdateUserFields($id: ID!, $fields: StringMap!) {
    updateUserFields(id: $id, fields: $fields) {
      id
      username
      email
      firstName
      lastName
      updatedAt
      fields {
        ...RecordFieldFields
      }
    }
  }
`);
