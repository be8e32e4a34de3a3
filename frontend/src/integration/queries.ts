import { graphql } from '../gql';

/**
 * Every metric and method of a product or backend (methods carry their parentID), the whole tree
 * the Methods & Metrics table pages through row by row.
 */
export const metricTreeQuery = graphql(`
  query MetricTree($where: MetricWhereInput!) {
    metrics(where: $where, first: 1000, orderBy: [{ field: CREATED_AT, direction: ASC }]) {
      totalCount
      edges {
        node {
          id
          friendlyName
          systemName
          unit
          description
          parentID
        }
      }
    }
  }
`);

/** Which of the given metrics a mapping rule counts against. */
export const mappedMetricsQuery = graphql(`
  query MappedMetrics($metricIds: [ID!]!) {
    mappingRules(where: { metricIDIn: $metricIds }, first: 1000) {
      totalCount
      edges {
        node {
          id
          metricID
        }
      }
    }
  }
`);

/** Every metric and method of a product or backend, for pickers. */
export const metricChoicesQuery = graphql(`
  query MetricChoices($where: MetricWhereInput!) {
    metrics(where: $where, first: 500, orderBy: [{ field: CREATED_AT, direction: ASC }]) {
      totalCount
      edges {
        node {
          id
          friendlyName
          systemName
          parentID
          backend {
            id
            name
          }
        }
      }
    }
  }
`);

export const createMetricMutation = graphql(`
  mutation CreateMetric($input: CreateMetricInput!) {
    createMetric(input: $input) {
      id
      friendlyName
      systemName
      unit
      description
      parentID
    }
  }
`);

export const updateMetricMutation = graphql(`
  mutation UpdateMetric($id: ID!, $input: UpdateMetricInput!) {
    updateMetric(id: $id, input: $input) {
      id
      friendlyName
      unit
      description
    }
  }
`);

export const deleteMetricMutation = graphql(`
  mutation DeleteMetric($id: ID!) {
    deleteMetric(id: $id) {
      deletedID
    }
  }
`);

export const mappingRulesQuery = graphql(`
  query MappingRules($where: MappingRuleWhereInput!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
    mappingRules(
      where: $where
      first: $first
      after: $after
      last: $last
      before: $before
      orderBy: [{ field: POSITION, direction: ASC }, { field: CREATED_AT, direction: ASC }]
    ) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          httpMethod
          pattern
          delta
          position
          last
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

export const createMappingRuleMutation = graphql(`
  mutation CreateMappingRule($input: CreateMappingRuleInput!) {
    createMappingRule(input: $input) {
      id
      httpMethod
      pattern
      delta
      position
      last
    }
  }
`);

export const updateMappingRuleMutation = graphql(`
  mutation UpdateMappingRule($id: ID!, $input: UpdateMappingRuleInput!) {
    updateMappingRule(id: $id, input: $input) {
      id
      httpMethod
      pattern
      delta
      position
      last
      metric {
        id
        friendlyName
        systemName
        parentID
      }
    }
  }
`);

export const deleteMappingRuleMutation = graphql(`
  mutation DeleteMappingRule($id: ID!) {
    deleteMappingRule(id: $id) {
      deletedID
    }
  }
`);
