export const settingsPath = '/settings';
export const personalDetailsPath = `${settingsPath}/personal/details`;
export const tokensPath = `${settingsPath}/personal/tokens`;
export const usersPath = `${settingsPath}/users`;
export const invitationsPath = `${settingsPath}/invitations`;
export const ssoIntegrationsPath = `${settingsPath}/sso`;
export const webhooksPath = `${settingsPath}/webhooks`;
export const billingSettingsPath = `${settingsPath}/billing`;
export const emailTemplatesPath = `${settingsPath}/email-templates`;
export const auditLogPath = `${settingsPath}/audit`;
export const dataExportPath = `${settingsPath}/export`;
export const newSSOIntegrationPath = `${ssoIntegrationsPath}/new`;

export const userUrl = (id: string) => `${usersPath}/${encodeURIComponent(id)}`;
export const emailTemplateUrl = (name: string) => `${emailTemplatesPath}/${encodeURIComponent(name)}`;
export const ssoIntegrationUrl = (id: string) => `${ssoIntegrationsPath}/${encodeURIComponent(id)}`;

export const policyRegistryPath = `${settingsPath}/policies`;
export const newCustomPolicyPath = `${policyRegistryPath}/new`;
export const customPolicyUrl = (id: string) => `${policyRegistryPath}/${encodeURIComponent(id)}`;
