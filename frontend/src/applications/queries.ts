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
        updatedAt
        acceptedAt
        trialEndsAt
        firstTrafficAt
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
        plan {
          id
          name
        }
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

export const updateApplicationMutation = graphql(`
  mutation UpdateApplication($id: ID!, $input: UpdateApplicationInput!) {
    updateApplication(id: $id, input: $input) {
      id
      name
      description
      updatedAt
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
    }
  }
`);

export const resumeApplicationMutation = graphql(`
  mutation ResumeApplication($id: ID!) {
    resumeApplication(id: $id) {
      id
      state
    }
  }
`);

export const acceptApplicationMutation = graphql(`
  mutation AcceptApplication($id: ID!) {
    acceptApplication(id: $id) {
      id
      state
      acceptedAt
    }
  }
`);

export const changeApplicationPlanMutation = graphql(`
  mutation ChangeApplicationPlan($id: ID!, $planId: ID!) {
    changeApplicationPlan(id: $id, planID: $planId) {
      id
      plan {
        id
        name
      }
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
