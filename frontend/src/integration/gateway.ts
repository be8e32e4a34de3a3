import { graphql } from '../gql';

/** A product's integration settings, with the policies a chain may hold. */
export const integrationSettingsQuery = graphql(`
  query IntegrationSettings($id: ID!) {
    node(id: $id) {
      id
      ... on Product {
        name
        authentication
        integration {
          stagingEndpoint
          productionEndpoint
          apiBackend
          credentialsLocation
          authUserKey
          authAppID
          authAppKey
          authFailed { body status contentType }
          authMissing { body status contentType }
          noMatch { body status contentType }
          limitsExceeded { body status contentType }
          secretToken
          hostnameRewrite
          oidcIssuerEndpoint
          oidcIssuerType
          policyChain { name version enabled configuration }
        }
      }
    }
    policyRegistry { name version summary description schema custom }
  }
`);

export const updateIntegrationSettingsMutation = graphql(`
  mutation UpdateIntegrationSettings($productID: ID!, $input: IntegrationSettingsInput!) {
    updateIntegrationSettings(productID: $productID, input: $input) {
      stagingEndpoint
      productionEndpoint
      policyChain { name version enabled configuration }
    }
  }
`);

/** What is in staging and production, and what a promotion would store. */
export const productConfigurationQuery = graphql(`
  query ProductConfiguration($id: ID!) {
    node(id: $id) {
      id
      ... on Product {
        name
        state
        authentication
        integration { stagingEndpoint productionEndpoint authUserKey credentialsLocation }
        staging: proxyConfigs(environment: STAGING) { id version createdAt content }
        production: proxyConfigs(environment: PRODUCTION) { id version createdAt }
        pendingConfig
        applications(first: 1) { edges { node { id userKey appID appKeys } } }
      }
    }
  }
`);

export const promoteToStagingMutation = graphql(`
  mutation PromoteToStaging($productID: ID!) {
    promoteToStaging(productID: $productID) {
      created
      config { id version }
    }
  }
`);

export const promoteToProductionMutation = graphql(`
  mutation PromoteToProduction($productID: ID!, $version: Int) {
    promoteToProduction(productID: $productID, version: $version) { id version }
  }
`);

export const proxyConfigDiffQuery = graphql(`
  query ProxyConfigDiff($productID: ID!, $from: Int!, $to: Int!) {
    proxyConfigDiff(productID: $productID, environment: STAGING, from: $from, to: $to) { path before after }
  }
`);

export const providerKeyQuery = graphql(`
  query ProviderKey {
    viewer { tenant { id providerKey } }
  }
`);

export const regenerateProviderKeyMutation = graphql(`
  mutation RegenerateProviderKey {
    regenerateProviderKey { id providerKey }
  }
`);

export const serviceTokensQuery = graphql(`
  query ServiceTokens($id: ID!) {
    node(id: $id) {
      id
      ... on Product {
        serviceTokens { id value createdAt }
      }
    }
  }
`);

export const createServiceTokenMutation = graphql(`
  mutation CreateServiceToken($productID: ID!) {
    createServiceToken(productID: $productID) { id }
  }
`);

export const deleteServiceTokenMutation = graphql(`
  mutation DeleteServiceToken($id: ID!) {
    deleteServiceToken(id: $id) { deletedID }
  }
`);
