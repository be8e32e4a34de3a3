import { graphql } from '../gql';

export const methodsMetricsQuery = graphql(`
  query MethodsMetrics($where: MetricWhereInput!) {
    metrics(where: $where, first: 500, orderBy: [{ field: FRIENDLY_NAME, direction: ASC }]) {
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

export const mappingRulesQuery = graphql(`
  query MappingRules($where: MappingRuleWhereInput!) {
    mappingRules(where: $where, first: 500, orderBy: [{ field: POSITION, direction: ASC }]) {
      totalCount
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
          }
        }
      }
    }
  }
`);
