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
        planChangePermission
        createdAt
        updatedAt
      }
    }
  }
`);

export const applicationPlansQuery = graphql(`
  query ApplicationPlans($productId: ID!) {
    plans(
      where: { productID: $productId, kind: APPLICATION, originalIDIsNil: true }
      first: 200
      orderBy: [{ field: POSITION, direction: ASC }]
    ) {
      totalCount
      edges {
        node {
          id
          name
          systemName
          state
          isDefault
          approvalRequired
          setupFee
          costPerMonth
          trialPeriodDays
        }
      }
    }
  }
`);

export const productBackendsQuery = graphql(`
  query ProductBackends($productId: ID!) {
    backendUsages(where: { productID: $productId }, first: 200, orderBy: [{ field: PATH, direction: ASC }]) {
      totalCount
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
