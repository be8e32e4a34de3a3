import { graphql } from '../gql';

export const notificationFields = graphql(`
  fragment NotificationFields on Notification {
    id
    kind
    title
    body
    link
    createdAt
    readAt
  }
`);

export const unreadNotificationsQuery = graphql(`
  query UnreadNotifications {
    viewer {
      unreadNotificationCount
    }
  }
`);

export const notificationsQuery = graphql(`
  query Notifications($first: Int, $after: Cursor, $unreadOnly: Boolean) {
    viewer {
      unreadNotificationCount
      notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...NotificationFields
          }
        }
      }
    }
  }
`);

export const markNotificationsReadMutation = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids)
  }
`);

export const notificationSettingsQuery = graphql(`
  query NotificationSettings {
    viewer {
      notificationSettings {
        kind
        group
        title
        description
        email
      }
    }
  }
`);

export const setNotificationSettingMutation = graphql(`
  mutation SetNotificationSetting($kind: String!, $email: Boolean!) {
    setNotificationSetting(kind: $kind, email: $email) {
      kind
      email
    }
  }
`);

export const usageAlertFields = graphql(`
  fragment UsageAlertFields on UsageAlert {
    id
    level
    metricName
    period
    periodStart
    value
    max
    createdAt
    readAt
    application {
      id
      name
      account {
        id
        orgName
      }
    }
    product {
      id
      name
    }
  }
`);

export const usageAlertsQuery = graphql(`
  query UsageAlerts($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: UsageAlertWhereInput) {
    usageAlerts(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          ...UsageAlertFields
        }
      }
    }
  }
`);

export const alertSettingsQuery = graphql(`
  query AlertSettings($id: ID!) {
    node(id: $id) {
      ... on Product {
        id
        name
        alertSettings {
          adminLevels
          developerLevels
          availableLevels
        }
      }
    }
  }
`);

export const updateAlertSettingsMutation = graphql(`
  mutation UpdateAlertSettings($productId: ID!, $adminLevels: [Int!]!, $developerLevels: [Int!]!) {
    updateAlertSettings(productId: $productId, adminLevels: $adminLevels, developerLevels: $developerLevels) {
      adminLevels
      developerLevels
      product {
        id
      }
    }
  }
`);

export const markUsageAlertsReadMutation = graphql(`
  mutation MarkUsageAlertsRead($ids: [ID!], $productId: ID) {
    markUsageAlertsRead(ids: $ids, productId: $productId)
  }
`);

export const deleteUsageAlertsMutation = graphql(`
  mutation DeleteUsageAlerts($ids: [ID!]!) {
    deleteUsageAlerts(ids: $ids)
  }
`);
