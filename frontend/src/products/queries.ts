import { graphql } from '../gql';

export const productListQuery = graphql(`
  query ProductList($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: ProductWhereInput) {
    products(
      first: $first
      after: $after
      last: $last
      before: $before
      where: $where
      orderBy: [{ field: NAME, direction: ASC }]
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
          systemName
          state
          updatedAt
        }
      }
    }
  }
`);

export const productOverviewQuery = graphql(`
  query ProductOverview($id: ID!) {
    node(id: $id) {
      id
      ... on Product {
        name
        systemName
        description
        state
        authentication
        referrerFiltersRequired
        rateLimitHeaders
        planChangePermission
        createdAt
        updatedAt
        serviceTokens {
          id
          value
          createdAt
        }
        applications {
          totalCount
        }
        serving: applications(where: { firstTrafficAtNotNil: true }) {
          totalCount
        }
        backendUsages {
          totalCount
        }
      }
    }
  }
`);

export const createProductMutation = graphql(`
  mutation CreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      id
      name
      systemName
    }
  }
`);

export const updateProductMutation = graphql(`
  mutation UpdateProduct($id: ID!, $input: UpdateProductInput!) {
    updateProduct(id: $id, input: $input) {
      id
      name
      description
      state
      authentication
      referrerFiltersRequired
      rateLimitHeaders
      planChangePermission
      updatedAt
    }
  }
`);

export const deleteProductMutation = graphql(`
  mutation DeleteProduct($id: ID!) {
    deleteProduct(id: $id) {
      deletedID
    }
  }
`);

/**
 * The plans of one kind: a product's application or service plans, or (without a product) the
 * tenant's account plans; each with the count of what is subscribed to it.
 */
export const plansQuery = graphql(`
  query Plans($kind: PlanKind!, $productId: ID, $first: Int, $after: Cursor, $last: Int, $before: Cursor, $orderBy: [PlanOrder!] = [{ field: POSITION, direction: ASC }, { field: NAME, direction: ASC }]) {
    plans(
      where: { productID: $productId, kind: $kind, originalIDIsNil: true }
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
          kind
          name
          systemName
          state
          isDefault
          approvalRequired
          setupFee
          costPerMonth
          trialPeriodDays
          applications {
            totalCount
          }
          subscriptions {
            totalCount
          }
          accounts {
            totalCount
          }
        }
      }
    }
  }
`);

/** Every plan of a kind (application plans unless told), for pickers (default plan, change plan, new application). */
export const planChoicesQuery = graphql(`
  query PlanChoices($productId: ID, $kind: PlanKind! = APPLICATION) {
    plans(
      where: { productID: $productId, kind: $kind, originalIDIsNil: true }
      first: 100
      orderBy: [{ field: POSITION, direction: ASC }, { field: NAME, direction: ASC }]
    ) {
      totalCount
      edges {
        node {
          id
          name
          state
          isDefault
          approvalRequired
        }
      }
    }
  }
`);

export const createPlanMutation = graphql(`
  mutation CreatePlan($input: CreatePlanInput!) {
    createPlan(input: $input) {
      id
      name
      systemName
      state
      isDefault
    }
  }
`);

export const copyPlanMutation = graphql(`
  mutation CopyPlan($id: ID!, $input: CopyPlanInput) {
    copyPlan(id: $id, input: $input) {
      id
      name
      systemName
      state
    }
  }
`);

export const updatePlanMutation = graphql(`
  mutation UpdatePlan($id: ID!, $input: UpdatePlanInput!) {
    updatePlan(id: $id, input: $input) {
      id
      name
      description
      state
      approvalRequired
      setupFee
      costPerMonth
      trialPeriodDays
      features {
        id
      }
    }
  }
`);

export const setDefaultPlanMutation = graphql(`
  mutation SetDefaultPlan($id: ID!) {
    setDefaultPlan(id: $id) {
      id
      isDefault
    }
  }
`);

export const unsetDefaultPlanMutation = graphql(`
  mutation UnsetDefaultPlan($id: ID!) {
    unsetDefaultPlan(id: $id) {
      id
      isDefault
    }
  }
`);

export const deletePlanMutation = graphql(`
  mutation DeletePlan($id: ID!) {
    deletePlan(id: $id) {
      deletedID
    }
  }
`);

export const planDetailQuery = graphql(`
  query PlanDetail($id: ID!, $withApplications: Boolean!) {
    node(id: $id) {
      id
      ... on Plan {
        name
        systemName
        description
        kind
        state
        isDefault
        approvalRequired
        setupFee
        costPerMonth
        trialPeriodDays
        createdAt
        productID
        originalID
        original {
          id
          name
        }
        features {
          id
        }
        subscriptions @include(if: $withApplications) {
          totalCount
        }
        accounts @include(if: $withApplications) {
          totalCount
        }
        applications(first: 1) @include(if: $withApplications) {
          totalCount
          edges {
            node {
              id
              name
              account {
                id
                orgName
              }
            }
          }
        }
      }
    }
  }
`);

export const planLimitsQuery = graphql(`
  query PlanLimits($planId: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor, $orderBy: [UsageLimitOrder!] = [{ field: CREATED_AT, direction: ASC }]) {
    usageLimits(
      where: { planID: $planId }
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
          period
          value
          metric {
            id
            friendlyName
            systemName
            parentID
          }
        }
      }
    }
  }
`);

export const planPricingRulesQuery = graphql(`
  query PlanPricingRules($planId: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
    pricingRules(
      where: { planID: $planId }
      first: $first
      after: $after
      last: $last
      before: $before
      orderBy: [{ field: MIN, direction: ASC }]
    ) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          min
          max
          costPerUnit
          metric {
            id
            friendlyName
            systemName
            parentID
          }
        }
      }
    }
  }
`);

export const createUsageLimitMutation = graphql(`
  mutation CreateUsageLimit($input: CreateUsageLimitInput!) {
    createUsageLimit(input: $input) {
      id
      period
      value
    }
  }
`);

export const updateUsageLimitMutation = graphql(`
  mutation UpdateUsageLimit($id: ID!, $input: UpdateUsageLimitInput!) {
    updateUsageLimit(id: $id, input: $input) {
      id
      period
      value
    }
  }
`);

export const deleteUsageLimitMutation = graphql(`
  mutation DeleteUsageLimit($id: ID!) {
    deleteUsageLimit(id: $id) {
      deletedID
    }
  }
`);

export const createPricingRuleMutation = graphql(`
  mutation CreatePricingRule($input: CreatePricingRuleInput!) {
    createPricingRule(input: $input) {
      id
      min
      max
      costPerUnit
    }
  }
`);

export const updatePricingRuleMutation = graphql(`
  mutation UpdatePricingRule($id: ID!, $input: UpdatePricingRuleInput!) {
    updatePricingRule(id: $id, input: $input) {
      id
      min
      max
      costPerUnit
    }
  }
`);

export const deletePricingRuleMutation = graphql(`
  mutation DeletePricingRule($id: ID!) {
    deletePricingRule(id: $id) {
      deletedID
    }
  }
`);

export const productFeaturesQuery = graphql(`
  query ProductFeatures(
    $productId: ID
    $scope: FeatureScope! = APPLICATION_PLAN
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
  ) {
    features(
      where: { productID: $productId, scope: $scope }
      first: $first
      after: $after
      last: $last
      before: $before
      orderBy: [{ field: NAME, direction: ASC }]
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
          systemName
          description
          visible
        }
      }
    }
  }
`);

export const createFeatureMutation = graphql(`
  mutation CreateFeature($input: CreateFeatureInput!) {
    createFeature(input: $input) {
      id
      name
      systemName
    }
  }
`);

export const deleteFeatureMutation = graphql(`
  mutation DeleteFeature($id: ID!) {
    deleteFeature(id: $id) {
      deletedID
    }
  }
`);

export const productBackendsQuery = graphql(`
  query ProductBackends($productId: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
    backendUsages(
      where: { productID: $productId }
      first: $first
      after: $after
      last: $last
      before: $before
      orderBy: [{ field: PATH, direction: ASC }]
    ) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          path
          backend {
            id
            name
            systemName
            privateEndpoint
          }
        }
      }
    }
  }
`);

export const backendChoicesQuery = graphql(`
  query BackendChoices($search: String) {
    backends(first: 50, where: { nameContainsFold: $search }, orderBy: [{ field: NAME, direction: ASC }]) {
      totalCount
      edges {
        node {
          id
          name
          privateEndpoint
        }
      }
    }
  }
`);

export const createBackendUsageMutation = graphql(`
  mutation CreateBackendUsage($input: CreateBackendUsageInput!) {
    createBackendUsage(input: $input) {
      id
      path
    }
  }
`);

export const updateBackendUsageMutation = graphql(`
  mutation UpdateBackendUsage($id: ID!, $input: UpdateBackendUsageInput!) {
    updateBackendUsage(id: $id, input: $input) {
      id
      path
    }
  }
`);

export const deleteBackendUsageMutation = graphql(`
  mutation DeleteBackendUsage($id: ID!) {
    deleteBackendUsage(id: $id) {
      deletedID
    }
  }
`);

export const serviceDiscoveryQuery = graphql(`
  query ServiceDiscovery {
    serviceDiscovery {
      enabled
      source
    }
  }
`);

export const discoveredServicesQuery = graphql(`
  query DiscoveredServices {
    serviceDiscovery {
      enabled
      source
      services {
        namespace
        name
        endpoint
        descriptionPath
        imported
        importedProduct {
          id
          name
        }
      }
    }
  }
`);

export const importDiscoveredServiceMutation = graphql(`
  mutation ImportDiscoveredService($input: ImportDiscoveredServiceInput!) {
    importDiscoveredService(input: $input) {
      product {
        id
        name
      }
      openApi {
        items {
          kind
        }
      }
    }
  }
`);
