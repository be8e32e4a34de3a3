import { graphql } from '../gql';
import type { MetricWhereInput } from '../gql/graphql';

/** One series of a product, backend or application, with the previous period for the change. */
export const usageSeriesQuery = graphql(`
  query UsageSeries(
    $productID: ID
    $backendID: ID
    $applicationID: ID
    $metric: String!
    $range: AnalyticsRangeInput!
    $compare: Boolean
  ) {
    usageSeries(
      productID: $productID
      backendID: $backendID
      applicationID: $applicationID
      metric: $metric
      range: $range
      compare: $compare
    ) {
      granularity
      since
      until
      timeZone
      total
      previousTotal
      change
      csv
      metric {
        id
        friendlyName
        systemName
        unit
      }
      points {
        start
        value
      }
    }
  }
`);

/** The metrics and methods a traffic screen offers, with their parent for indenting methods. */
export const analyticsMetricsQuery = graphql(`
  query AnalyticsMetrics($where: MetricWhereInput!) {
    metrics(where: $where, first: 500, orderBy: [{ field: CREATED_AT, direction: ASC }]) {
      edges {
        node {
          id
          friendlyName
          systemName
          unit
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

/** A product's own metrics and those of the backends it uses, which its traffic counts too. */
export function productMetricsWhere(productId: string): MetricWhereInput {
  return { or: [{ productID: productId }, { hasBackendWith: [{ hasUsagesWith: [{ productID: productId }] }] }] };
}

export const topApplicationsQuery = graphql(`
  query TopApplications($productID: ID!, $metric: String!, $range: AnalyticsRangeInput!, $limit: Int) {
    topApplications(productID: $productID, metric: $metric, range: $range, limit: $limit) {
      since
      until
      timeZone
      applications {
        value
        application {
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
`);

export const responseCodesQuery = graphql(`
  query ResponseCodes($productID: ID, $applicationID: ID, $range: AnalyticsRangeInput!) {
    responseCodes(productID: $productID, applicationID: $applicationID, range: $range) {
      since
      until
      timeZone
      classes {
        code
        value
      }
      codes {
        code
        value
      }
    }
  }
`);

/** The limits of an application's plan, drawn over its usage. */
export const applicationLimitsQuery = graphql(`
  query ApplicationLimits($planId: ID!) {
    usageLimits(where: { planID: $planId }, first: 500) {
      edges {
        node {
          id
          period
          value
          metric {
            id
          }
        }
      }
    }
  }
`);

/** Hits of the last 30 days of every product, for the dashboard. */
export const dashboardTrafficQuery = graphql(`
  query DashboardTrafficProducts {
    products(first: 20, orderBy: [{ field: UPDATED_AT, direction: DESC }]) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

/** A product's integration error log, newest first. */
export const integrationErrorsQuery = graphql(`
  query IntegrationErrors($productID: ID!, $first: Int!) {
    integrationErrors(where: { productID: $productID }, first: $first, orderBy: [{ field: OCCURRED_AT, direction: DESC }]) {
      totalCount
      edges {
        node {
          id
          code
          message
          occurredAt
        }
      }
    }
  }
`);

export const clearIntegrationErrorsMutation = graphql(`
  mutation ClearIntegrationErrors($productID: ID!) {
    clearIntegrationErrors(productID: $productID)
  }
`);

/** The same series as usageSeriesQuery, pushed every few seconds while subscribed. */
export const liveUsageSubscription = graphql(`
  subscription LiveUsage($productID: ID, $applicationID: ID, $metric: String!, $range: AnalyticsRangeInput, $intervalSeconds: Int) {
    liveUsage(productID: $productID, applicationID: $applicationID, metric: $metric, range: $range, intervalSeconds: $intervalSeconds) {
      granularity
      since
      until
      timeZone
      total
      csv
      points {
        start
        value
      }
    }
  }
`);

/** Response-time percentiles of a product or an application, per point and over the whole time frame. */
export const latencySeriesQuery = graphql(`
  query LatencySeries($productID: ID, $applicationID: ID, $range: AnalyticsRangeInput!) {
    latencySeries(productID: $productID, applicationID: $applicationID, range: $range) {
      granularity
      since
      until
      timeZone
      count
      p50
      p95
      p99
      points {
        start
        count
        p50
        p95
        p99
      }
    }
  }
`);
