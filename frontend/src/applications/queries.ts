import { graphql } from '../gql';

export const applicationListQuery = graphql(`
  query ApplicationList(
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $where: ApplicationWhereInput
    $orderBy: [ApplicationOrder!] = [{ field: CREATED_AT, direction: DESC }]
  ) {
    applications(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: $orderBy
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
          permittedEvents
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
        updatedAt
        acceptedAt
        trialEndsAt
        firstTrafficAt
        fields {
          ...RecordFieldFields
        }
        userKey
        appID
        appKeys
        referrerFilters
        account {
          id
          orgName
        }
        product {
          id
          name
          authentication
          referrerFiltersRequired
        }
        ...ApplicationPlanFields
      }
    }
  }
`);

export const createApplicationMutation = graphql(`
  mutation CreateApplication($input: CreateApplicationInput!) {
    createApplication(input: $input) {
      id
      name
      state
    }
  }
`);

/** The fields a new application offers: name, description and the defined ones. */
export const newApplicationFieldsQuery = graphql(`
  query NewApplicationFields {
    newRecordFields(target: APPLICATION) {
      ...RecordFieldFields
    }
  }
`);

export const updateApplicationFieldsMutation = graphql(`
  mutation UpdateApplicationFields($id: ID!, $fields: StringMap!) {
    updateApplicationFields(id: $id, fields: $fields) {
      id
      name
      description
      updatedAt
      fields {
        ...RecordFieldFields
      }
    }
  }
`);
export const deleteApplicationMutation = graphql(`
  mutation DeleteApplication($id: ID!) {
    deleteApplication(id: $id) {
      deletedID
    }
  }
`);

export const suspendApplicationMutation = graphql(`
  mutation SuspendApplication($id: ID!) {
    suspendApplication(id: $id) {
      id
      state
      permittedEvents
    }
  }
`);

export const resumeApplicationMutation = graphql(`
  mutation ResumeApplication($id: ID!) {
    resumeApplication(id: $id) {
      id
      state
      permittedEvents
    }
  }
`);

export const acceptApplicationMutation = graphql(`
  mutation AcceptApplication($id: ID!) {
    acceptApplication(id: $id) {
      id
      state
      permittedEvents
      acceptedAt
    }
  }
`);

export const rejectApplicationMutation = graphql(`
  mutation RejectApplication($id: ID!) {
    rejectApplication(id: $id) {
      deletedID
    }
  }
`);

/** The plan of an application as its page shows it: custom plans name their original. */
export const applicationPlanFragment = graphql(`
  fragment ApplicationPlanFields on Application {
    id
    plan {
      id
      name
      state
      originalID
      original {
        id
        name
      }
    }
  }
`);

export const changeApplicationPlanMutation = graphql(`
  mutation ChangeApplicationPlan($id: ID!, $planId: ID!) {
    changeApplicationPlan(id: $id, planID: $planId) {
      ...ApplicationPlanFields
    }
  }
`);

export const customizeApplicationPlanMutation = graphql(`
  mutation CustomizeApplicationPlan($id: ID!) {
    customizeApplicationPlan(id: $id) {
      ...ApplicationPlanFields
    }
  }
`);

export const decustomizeApplicationPlanMutation = graphql(`
  mutation DecustomizeApplicationPlan($id: ID!) {
    decustomizeApplicationPlan(id: $id) {
      ...ApplicationPlanFields
    }
  }
`);

export const regenerateUserKeyMutation = graphql(`
  mutation RegenerateUserKey($id: ID!) {
    regenerateUserKey(id: $id) {
      id
      userKey
    }
  }
`);

export const addApplicationKeyMutation = graphql(`
  mutation AddApplicationKey($id: ID!, $key: String) {
    addApplicationKey(id: $id, key: $key) {
      id
      appKeys
    }
  }
`);

export const removeApplicationKeyMutation = graphql(`
  mutation RemoveApplicationKey($id: ID!, $key: String!) {
    removeApplicationKey(id: $id, key: $key) {
      id
      appKeys
    }
  }
`);

export const regenerateApplicationKeyMutation = graphql(`
  mutation RegenerateApplicationKey($id: ID!, $key: String!) {
    regenerateApplicationKey(id: $id, key: $key) {
      id
      appKeys
    }
  }
`);

export const addReferrerFilterMutation = graphql(`
  mutation AddReferrerFilter($id: ID!, $filter: String!) {
    addReferrerFilter(id: $id, filter: $filter) {
      id
      referrerFilters
    }
  }
`);

export const removeReferrerFilterMutation = graphql(`
  mutation RemoveReferrerFilter($id: ID!, $filter: String!) {
    removeReferrerFilter(id: $id, filter: $filter) {
      id
      referrerFilters
    }
  }
`);

/** Products, for the product picker of a new application. */
export const productChoicesQuery = graphql(`
  query ProductChoices {
    products(first: 100, orderBy: [{ field: NAME, direction: ASC }]) {
      totalCount
      edges {
        node {
          id
          name
          authentication
        }
      }
    }
  }
`);

export const applicationPlanFilterQuery = graphql(`
  query ApplicationPlanFilter($where: PlanWhereInput) {
    plans(first: 100, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {
      edges {
        node {
          id
          name
          product {
            name
          }
        }
      }
    }
  }
`);

/**
 * The non-custom plans of one kind of a product: what an admin may put an application or
 * subscription on, hidden ones included (marked); developers choose among published ones only.
 */
export const contractPlanChoicesQuery = graphql(`
  query ContractPlanChoices($productId: ID!, $kind: PlanKind!) {
    plans(
      where: { productID: $productId, kind: $kind, originalIDIsNil: true }
      first: 100
      orderBy: [{ field: POSITION, direction: ASC }, { field: NAME, direction: ASC }]
    ) {
      edges {
        node {
          id
          name
          isDefault
          approvalRequired
          state
        }
      }
    }
  }
`);

/** Per-item outcomes of a bulk mutation. */
export const bulkResultFragment = graphql(`
  fragment BulkResultFields on BulkResult {
    succeeded
    failed
    items {
      id
      ok
      code
      message
    }
  }
`);

export const bulkChangeApplicationStateMutation = graphql(`
  mutation BulkChangeApplicationState($ids: [ID!]!, $event: ContractStateEvent!) {
    bulkChangeApplicationState(ids: $ids, event: $event) {
      ...BulkResultFields
    }
  }
`);

export const bulkChangeApplicationPlanMutation = graphql(`
  mutation BulkChangeApplicationPlan($ids: [ID!]!, $planId: ID!) {
    bulkChangeApplicationPlan(ids: $ids, planID: $planId) {
      ...BulkResultFields
    }
  }
`);

export const bulkMessageApplicationOwnersMutation = graphql(`
  mutation BulkMessageApplicationOwners($ids: [ID!]!, $subject: String!, $body: String!) {
    bulkMessageApplicationOwners(ids: $ids, subject: $subject, body: $body) {
      result {
        ...BulkResultFields
      }
    }
  }
`);

/** Who asked for a plan change, or who answered it. */
export const planChangeUserFragment = graphql(`
  fragment PlanChangeUserFields on User {
    id
    username
    firstName
    lastName
  }
`);

/** A plan change request as the queue and the application page show it. */
export const planChangeRequestFragment = graphql(`
  fragment PlanChangeRequestFields on PlanChangeRequest {
    id
    state
    createdAt
    resolvedAt
    requestedBy {
      ...PlanChangeUserFields
    }
    resolvedBy {
      ...PlanChangeUserFields
    }
    application {
      id
      name
    }
    account {
      id
      orgName
    }
    fromPlan {
      id
      name
    }
    toPlan {
      id
      name
    }
  }
`);

export const planChangeRequestListQuery = graphql(`
  query PlanChangeRequestList(
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $where: PlanChangeRequestWhereInput
  ) {
    planChangeRequests(
      first: $first
      after: $after
      last: $last
      before: $before
      where: $where
      orderBy: [{ field: STATE, direction: DESC }, { field: CREATED_AT, direction: DESC }]
    ) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          ...PlanChangeRequestFields
        }
      }
    }
  }
`);

export const applyPlanChangeRequestMutation = graphql(`
  mutation ApplyPlanChangeRequest($id: ID!) {
    applyPlanChangeRequest(id: $id) {
      ...PlanChangeRequestFields
    }
  }
`);

export const dismissPlanChangeRequestMutation = graphql(`
  mutation DismissPlanChangeRequest($id: ID!) {
    dismissPlanChangeRequest(id: $id) {
      ...PlanChangeRequestFields
    }
  }
`);
