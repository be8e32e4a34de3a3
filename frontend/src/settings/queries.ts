import { graphql } from '../gql';

export const settingsOverviewQuery = graphql(`
  query SettingsOverview {
    viewer {
      user {
        id
        role
      }
      tenant {
        id
        orgName
        adminDomain
        developerDomain
        timeZone
        state
        companyAddress1
        companyAddress2
        companyCity
        companyRegion
        companyZip
        companyCountry
        companyPhone
        vatCode
        fromEmail
        supportEmail
        strongPasswords
      }
    }
  }
`);

export const updateTenantMutation = graphql(`
  mutation UpdateTenant($input: UpdateTenantInput!) {
    updateTenant(input: $input) {
      id
      orgName
      adminDomain
      developerDomain
      timeZone
      state
      companyAddress1
      companyAddress2
      companyCity
      companyRegion
      companyZip
      companyCountry
      companyPhone
      vatCode
      fromEmail
      supportEmail
      strongPasswords
    }
  }
`);

export const personalDetailsQuery = graphql(`
  query PersonalDetails {
    passwordPolicies {
      team {
        minLength
        refusesCommon
        requiresCharacterClasses
      }
    }
    viewer {
      tenant {
        id
        strongPasswords
      }
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
  query UserList(
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $where: UserWhereInput
    $orderBy: [UserOrder!] = [{ field: USERNAME, direction: ASC }]
  ) {
    users(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: $orderBy
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

export const viewerRoleQuery = graphql(`
  query ViewerRole {
    viewer {
      user {
        id
        role
      }
    }
  }
`);

export const updateUserMutation = graphql(`
  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      id
      username
      email
      firstName
      lastName
    }
  }
`);

export const changePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

export const suspendUserMutation = graphql(`
  mutation SuspendUser($id: ID!) {
    suspendUser(id: $id) {
      id
      state
    }
  }
`);

export const unsuspendUserMutation = graphql(`
  mutation UnsuspendUser($id: ID!) {
    unsuspendUser(id: $id) {
      id
      state
    }
  }
`);

export const deleteUserMutation = graphql(`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id) {
      deletedID
    }
  }
`);

export const userRightsQuery = graphql(`
  query UserRights($id: ID!) {
    viewer {
      user {
        id
        role
      }
    }
    node(id: $id) {
      ... on User {
        id
        username
        email
        firstName
        lastName
        role
        state
        lastLoginAt
        sections
        allProducts
        productIds
        accountID
      }
    }
    products(first: 200, orderBy: [{ field: NAME, direction: ASC }]) {
      totalCount
      edges {
        node {
          id
          name
          systemName
        }
      }
    }
  }
`);

export const updateUserPermissionsMutation = graphql(`
  mutation UpdateUserPermissions($id: ID!, $input: UserPermissionsInput!) {
    updateUserPermissions(id: $id, input: $input) {
      id
      role
      sections
      allProducts
      productIds
    }
  }
`);

export const invitationsQuery = graphql(`
  query Invitations($first: Int, $after: Cursor, $last: Int, $before: Cursor, $orderBy: [InvitationOrder!] = [{ field: CREATED_AT, direction: DESC }]) {
    invitations(
      first: $first
      after: $after
      last: $last
      before: $before
      where: { accountIDIsNil: true }
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
          sentAt
          expiresAt
          acceptedAt
          createdAt
        }
      }
    }
  }
`);

export const inviteUserMutation = graphql(`
  mutation InviteUser($email: String!) {
    inviteUser(email: $email) {
      id
      email
      status
    }
  }
`);

export const resendInvitationMutation = graphql(`
  mutation ResendInvitation($id: ID!) {
    resendInvitation(id: $id) {
      id
      status
      sentAt
      expiresAt
    }
  }
`);

export const revokeInvitationMutation = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(id: $id) {
      id
      status
    }
  }
`);

export const ssoIntegrationsQuery = graphql(`
  query SSOIntegrations($first: Int, $after: Cursor, $last: Int, $before: Cursor) {
    ssoIntegrations(first: $first, after: $after, last: $last, before: $before, orderBy: [{ field: CREATED_AT, direction: ASC }]) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          name
          issuer
          clientID
          enabled
          callbackURL
        }
      }
    }
  }
`);

export const ssoIntegrationQuery = graphql(`
  query SSOIntegration($id: ID!) {
    node(id: $id) {
      ... on SSOIntegration {
        id
        name
        issuer
        clientID
        enabled
        callbackURL
        startURL
      }
    }
  }
`);

export const createSSOIntegrationMutation = graphql(`
  mutation CreateSSOIntegration($input: CreateSSOIntegrationInput!) {
    createSSOIntegration(input: $input) {
      id
      name
      issuer
      clientID
      enabled
      callbackURL
      startURL
    }
  }
`);

export const updateSSOIntegrationMutation = graphql(`
  mutation UpdateSSOIntegration($id: ID!, $input: UpdateSSOIntegrationInput!) {
    updateSSOIntegration(id: $id, input: $input) {
      id
      name
      issuer
      clientID
      enabled
      callbackURL
      startURL
    }
  }
`);

export const deleteSSOIntegrationMutation = graphql(`
  mutation DeleteSSOIntegration($id: ID!) {
    deleteSSOIntegration(id: $id) {
      deletedID
    }
  }
`);

export const webhookQuery = graphql(`
  query Webhook {
    webhook {
      id
      url
      active
      providerActions
      events
      format
      secretRotatedAt
      secret
    }
  }
`);

export const updateWebhookMutation = graphql(`
  mutation UpdateWebhook($input: UpdateWebhookInput!) {
    updateWebhook(input: $input) {
      id
      url
      active
      providerActions
      events
      format
      secretRotatedAt
    }
  }
`);

export const rotateWebhookSecretMutation = graphql(`
  mutation RotateWebhookSecret {
    rotateWebhookSecret {
      secret
      webhook {
        id
        secretRotatedAt
        secret
      }
    }
  }
`);

export const sendWebhookTestEventMutation = graphql(`
  mutation SendWebhookTestEvent {
    sendWebhookTestEvent {
      id
      eventID
      state
    }
  }
`);

export const replayWebhookDeliveryMutation = graphql(`
  mutation ReplayWebhookDelivery($id: ID!) {
    replayWebhookDelivery(id: $id) {
      id
      eventID
      state
    }
  }
`);

export const webhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: WebhookDeliveryWhereInput) {
    webhookDeliveries(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          eventID
          eventType
          objectID
          test
          replayOfID
          url
          format
          state
          attempts
          responseStatus
          error
          latencyMs
          createdAt
          lastAttemptAt
          requestBody
          responseBody
        }
      }
    }
  }
`);


export const customPoliciesQuery = graphql(`
  query CustomPolicies {
    customPolicies {
      id
      name
      version
      summary
      usedBy {
        id
        name
      }
      updatedAt
    }
  }
`);

export const customPolicyQuery = graphql(`
  query CustomPolicy($id: ID!) {
    customPolicy(id: $id) {
      id
      name
      version
      summary
      manifest
      usedBy {
        id
        name
      }
    }
  }
`);

export const createCustomPolicyMutation = graphql(`
  mutation CreateCustomPolicy($input: CreateCustomPolicyInput!) {
    createCustomPolicy(input: $input) {
      id
      name
      version
      summary
      manifest
    }
  }
`);

export const updateCustomPolicyMutation = graphql(`
  mutation UpdateCustomPolicy($id: ID!, $input: UpdateCustomPolicyInput!) {
    updateCustomPolicy(id: $id, input: $input) {
      id
      name
      version
      summary
      manifest
    }
  }
`);

export const deleteCustomPolicyMutation = graphql(`
  mutation DeleteCustomPolicy($id: ID!) {
    deleteCustomPolicy(id: $id) {
      deletedID
    }
  }
`);

export const emailTemplatesQuery = graphql(`
  query EmailTemplates {
    emailTemplates {
      name
      title
      description
      customized
    }
  }
`);

export const emailTemplateQuery = graphql(`
  query EmailTemplate($name: String!) {
    emailTemplate(name: $name) {
      name
      title
      description
      subject
      body
      customized
      defaultSubject
      defaultBody
      variables
    }
  }
`);

export const updateEmailTemplateMutation = graphql(`
  mutation UpdateEmailTemplate($name: String!, $subject: String!, $body: String!) {
    updateEmailTemplate(name: $name, subject: $subject, body: $body) {
      name
      subject
      body
      customized
    }
  }
`);

export const resetEmailTemplateMutation = graphql(`
  mutation ResetEmailTemplate($name: String!) {
    resetEmailTemplate(name: $name) {
      name
      subject
      body
      customized
    }
  }
`);

export const previewEmailTemplateMutation = graphql(`
  mutation PreviewEmailTemplate($name: String!, $subject: String!, $body: String!) {
    previewEmailTemplate(name: $name, subject: $subject, body: $body) {
      subject
      body
    }
  }
`);

export const auditLogViewerQuery = graphql(`
  query AuditLogViewer {
    viewer {
      user {
        id
        role
      }
      tenant {
        id
        master
      }
    }
  }
`);

export const auditEntriesQuery = graphql(`
  query AuditEntries($first: Int, $after: Cursor, $last: Int, $before: Cursor, $objectType: String, $tenantID: ID) {
    auditEntries(first: $first, after: $after, last: $last, before: $before, objectType: $objectType, tenantID: $tenantID) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          createdAt
          actor
          actorUserID
          actorTenant
          impersonator
          action
          objectType
          objectID
          fields
          clientIP
        }
      }
    }
  }
`);

export const auditTenantsQuery = graphql(`
  query AuditTenants {
    providers(first: 100) {
      totalCount
      edges {
        node {
          id
          orgName
        }
      }
    }
  }
`);

export const dataExportQuery = graphql(`
  query DataExport($kind: DataExportKind!, $period: DataExportPeriod!) {
    dataExport(kind: $kind, period: $period) {
      filename
      csv
      rows
    }
  }
`);
