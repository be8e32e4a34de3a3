import { graphql } from '../gql';

/** A service subscription as its lists show it. */
export const subscriptionFragment = graphql(`
  fragment SubscriptionFields on ServiceSubscription {
    id
    state
    permittedEvents
    createdAt
    acceptedAt
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
`);

export const subscriptionListQuery = graphql(`
  query SubscriptionList(
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $where: ServiceSubscriptionWhereInput
  ) {
    serviceSubscriptions(
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
          ...SubscriptionFields
        }
      }
    }
  }
`);

/** The products an account is subscribed to, so that "Subscribe" offers only the others. */
export const subscribedProductsQuery = graphql(`
  query SubscribedProducts($accountId: ID!) {
    serviceSubscriptions(where: { accountID: $accountId }, first: 100) {
      edges {
        node {
          id
          product {
            id
          }
        }
      }
    }
  }
`);

export const createServiceSubscriptionMutation = graphql(`
  mutation CreateServiceSubscription($input: CreateServiceSubscriptionInput!) {
    createServiceSubscription(input: $input) {
      ...SubscriptionFields
    }
  }
`);

export const acceptServiceSubscriptionMutation = graphql(`
  mutation AcceptServiceSubscription($id: ID!) {
    acceptServiceSubscription(id: $id) {
      ...SubscriptionFields
    }
  }
`);

export const suspendServiceSubscriptionMutation = graphql(`
  mutation SuspendServiceSubscription($id: ID!) {
    suspendServiceSubscription(id: $id) {
      ...SubscriptionFields
    }
  }
`);

export const resumeServiceSubscriptionMutation = graphql(`
  mutation ResumeServiceSubscription($id: ID!) {
    resumeServiceSubscription(id: $id) {
      ...SubscriptionFields
    }
  }
`);

export const rejectServiceSubscriptionMutation = graphql(`
  mutation RejectServiceSubscription($id: ID!) {
    rejectServiceSubscription(id: $id) {
      deletedID
    }
  }
`);

export const unsubscribeMutation = graphql(`
  mutation Unsubscribe($id: ID!) {
    unsubscribe(id: $id) {
      deletedID
    }
  }
`);

export const changeServiceSubscriptionPlanMutation = graphql(`
  mutation ChangeServiceSubscriptionPlan($id: ID!, $planId: ID!) {
    changeServiceSubscriptionPlan(id: $id, planID: $planId) {
      ...SubscriptionFields
    }
  }
`);

export const bulkChangeServiceSubscriptionStateMutation = graphql(`
  mutation BulkChangeServiceSubscriptionState($ids: [ID!]!, $event: ContractStateEvent!) {
    bulkChangeServiceSubscriptionState(ids: $ids, event: $event) {
      ...BulkResultFields
    }
  }
`);

export const bulkChangeServiceSubscriptionPlanMutation = graphql(`
  mutation BulkChangeServiceSubscriptionPlan($ids: [ID!]!, $planId: ID!) {
    bulkChangeServiceSubscriptionPlan(ids: $ids, planID: $planId) {
      ...BulkResultFields
    }
  }
`);

export const bulkMessageSubscribersMutation = graphql(`
  mutation BulkMessageSubscribers($ids: [ID!]!, $subject: String!, $body: String!) {
    bulkMessageSubscribers(ids: $ids, subject: $subject, body: $body) {
      result {
        ...BulkResultFields
      }
    }
  }
`);
