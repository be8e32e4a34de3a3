export const productsPath = '/products';
export const discoverProductsPath = `${productsPath}/discover`;

export const productUrl = (productId: string) => `${productsPath}/${encodeURIComponent(productId)}`;
export const productMethodsMetricsUrl = (productId: string) =>
  `${productUrl(productId)}/integration/methods-metrics`;
export const productMappingRulesUrl = (productId: string) =>
  `${productUrl(productId)}/integration/mapping-rules`;
export const productConfigurationUrl = (productId: string) => `${productUrl(productId)}/integration/configuration`;
export const productIntegrationSettingsUrl = (productId: string) => `${productUrl(productId)}/integration/settings`;
export const productPoliciesUrl = (productId: string) => `${productUrl(productId)}/integration/policies`;
export const productBackendsUrl = (productId: string) => `${productUrl(productId)}/integration/backends`;
export const productApplicationsUrl = (productId: string) => `${productUrl(productId)}/applications`;
export const productApplicationPlansUrl = (productId: string) =>
  `${productUrl(productId)}/applications/plans`;
export const newProductPath = `${productsPath}/new`;
export const productPlanUrl = (productId: string, planId: string) =>
  `${productApplicationPlansUrl(productId)}/${encodeURIComponent(planId)}`;
export const productTrafficUrl = (productId: string) => `${productUrl(productId)}/analytics/traffic`;
export const productTopApplicationsUrl = (productId: string) => `${productUrl(productId)}/analytics/top-applications`;
export const productResponseCodesUrl = (productId: string) => `${productUrl(productId)}/analytics/response-codes`;
export const productServicePlansUrl = (productId: string) => `${productUrl(productId)}/subscriptions/service-plans`;
export const productIntegrationErrorsUrl = (productId: string) => `${productUrl(productId)}/analytics/integration-errors`;
