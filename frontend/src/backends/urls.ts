export const backendsPath = '/backends';

export const backendUrl = (backendId: string) => `${backendsPath}/${encodeURIComponent(backendId)}`;
export const backendMethodsMetricsUrl = (backendId: string) => `${backendUrl(backendId)}/methods-metrics`;
export const backendMappingRulesUrl = (backendId: string) => `${backendUrl(backendId)}/mapping-rules`;
export const newBackendPath = `${backendsPath}/new`;
export const backendTrafficUrl = (backendId: string) => `${backendUrl(backendId)}/analytics/traffic`;
