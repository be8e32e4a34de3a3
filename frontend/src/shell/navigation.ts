import { productActiveDocsUrl, productImportOpenApiUrl } from '../activedocs/urls';
import { accountPlansPath, accountsPath, fieldDefinitionsPath, usageRulesPath } from '../accounts/urls';
import { applicationsPath, planChangeRequestsPath } from '../applications/urls';
import {
  backendMappingRulesUrl,
  backendMethodsMetricsUrl,
  backendsPath,
  backendTrafficUrl,
  backendUrl,
} from '../backends/urls';
import { earningsPath, invoicesPath } from '../billing/urls';
import { dashboardPath } from '../dashboard/urls';
import type { AdminSection } from '../gql/graphql';
import { composeMessagePath, inboxPath, sentMessagesPath } from '../messages/urls';
import {
  productApplicationPlansUrl,
  productApplicationsUrl,
  productBackendsUrl,
  productConfigurationUrl,
  productIntegrationErrorsUrl,
  productIntegrationSettingsUrl,
  productMappingRulesUrl,
  productMethodsMetricsUrl,
  productPoliciesUrl,
  productResponseCodesUrl,
  productServicePlansUrl,
  productsPath,
  productTopApplicationsUrl,
  productTrafficUrl,
  productUrl,
} from '../products/urls';
import {
  auditLogPath,
  dataExportPath,
  invitationsPath,
  personalDetailsPath,
  settingsPath,
  ssoIntegrationsPath,
  webhooksPath,
  policyRegistryPath,
  billingSettingsPath,
  emailTemplatesPath,
  tokensPath,
  usersPath,
} from '../settings/urls';
import { alertsPath, notificationPreferencesPath, productAlertsUrl } from '../notifications/urls';
import { subscriptionsPath } from '../subscriptions/urls';
import { tenantsPath } from '../tenants/urls';

/** The areas of the Admin Portal offered by the context selector in the masthead. */
export type ContextId = 'dashboard' | 'audience' | 'products' | 'backends' | 'settings' | 'tenants';

export interface PortalContext {
  id: ContextId;
  label: string;
  /** Where choosing the context in the selector leads. */
  to: string;
  description: string;
}

export const portalContexts: readonly PortalContext[] = [
  { id: 'dashboard', label: 'Dashboard', to: dashboardPath, description: 'Overview of your APIs and audience' },
  { id: 'audience', label: 'Audience', to: accountsPath, description: 'Developer accounts, applications, billing and messages' },
  { id: 'products', label: 'Products', to: productsPath, description: 'The APIs you publish to developers' },
  { id: 'backends', label: 'Backends', to: backendsPath, description: 'The services your products route to' },
  { id: 'settings', label: 'Account Settings', to: settingsPath, description: 'Your profile, tokens and users' },
];

/** The master portal's own context, offered to users of the master account only. */
export const tenantsContext: PortalContext = {
  id: 'tenants',
  label: 'Tenants',
  to: tenantsPath,
  description: 'The API providers this installation hosts',
};

/** The contexts the selector offers: the master account's users also manage tenants. */
export const contextsFor = (master: boolean): readonly PortalContext[] => (master ? [...portalContexts, tenantsContext] : portalContexts);

/** Where the user is: the context, plus the product or backend the screen belongs to. */
export interface Location {
  context: ContextId;
  productId?: string;
  backendId?: string;
}

function segmentAfter(pathname: string, prefix: string): string | undefined {
  if (!pathname.startsWith(`${prefix}/`)) return undefined;
  const segment = pathname.slice(prefix.length + 1).split('/')[0];
  return segment ? decodeURIComponent(segment) : undefined;
}

export function locate(pathname: string): Location {
  if (pathname === '/audience' || pathname.startsWith('/audience/')) return { context: 'audience' };
  if (pathname === productsPath || pathname.startsWith(`${productsPath}/`)) {
    const productId = segmentAfter(pathname, productsPath);
    return productId && productId !== 'new' && productId !== 'active-docs' && productId !== 'discover'
      ? { context: 'products', productId }
      : { context: 'products' };
  }
  if (pathname === backendsPath || pathname.startsWith(`${backendsPath}/`)) {
    const backendId = segmentAfter(pathname, backendsPath);
    return backendId && backendId !== 'new' ? { context: 'backends', backendId } : { context: 'backends' };
  }
  if (pathname === settingsPath || pathname.startsWith(`${settingsPath}/`)) return { context: 'settings' };
  if (pathname === tenantsPath || pathname.startsWith(`${tenantsPath}/`)) return { context: 'tenants' };
  return { context: 'dashboard' };
}

export interface NavLinkEntry {
  kind: 'link';
  label: string;
  to: string;
  /** Active only on this exact path, not on paths below it. */
  end?: boolean;
}

export interface NavGroupEntry {
  kind: 'group';
  /** Stable id, used to remember which groups are expanded. */
  id: string;
  label: string;
  items: NavLinkEntry[];
}

export type NavEntry = NavLinkEntry | NavGroupEntry;

const link = (label: string, to: string, end = false): NavLinkEntry => ({ kind: 'link', label, to, end });
const group = (id: string, label: string, items: NavLinkEntry[]): NavGroupEntry => ({
  kind: 'group',
  id,
  label,
  items,
});

/** The plan levels the tenant has switched on besides application plans (its usage rules). */
export interface PlanLevels {
  accountPlans: boolean;
  servicePlans: boolean;
}

/** What the signed-in user is, as far as the navigation cares. */
export interface NavViewer {
  /** Admins also get the screens only they may use (the audit log). */
  isAdmin: boolean;
  /** The areas a member may work in; some screens need one of them (Export). */
  sections?: readonly AdminSection[] | null;
  /** Users of the master account also manage tenants. */
  master?: boolean;
  /** The master user behind an impersonation session, shown on every screen. */
  impersonator?: string | null;
}

/** Exports hold developer accounts, applications and messages (PARTNERS) or invoices (FINANCE). */
const mayExport = (viewer: NavViewer) =>
  viewer.isAdmin || (viewer.sections ?? []).some((section) => section === 'PARTNERS' || section === 'FINANCE');

/** The vertical navigation for a location; null where the screen has none (dashboard, lists of products and backends). */
export function sideNavigation(
  location: Location,
  levels: PlanLevels = { accountPlans: true, servicePlans: true },
  viewer: NavViewer = { isAdmin: false },
): NavEntry[] | null {
  switch (location.context) {
    case 'audience':
      return [
        group('accounts', 'Accounts', [
          link('Listing', accountsPath),
          ...(levels.accountPlans ? [link('Account Plans', accountPlansPath)] : []),
          link('Subscriptions', subscriptionsPath),
          link('Usage Rules', usageRulesPath),
          link('Fields Definitions', fieldDefinitionsPath),
        ]),
        group('applications', 'Applications', [
          link('Listing', applicationsPath),
          link('Plan change requests', planChangeRequestsPath),
          link('Alerts', alertsPath),
        ]),
        group('billing', 'Billing', [link('Earnings by month', earningsPath), link('Invoices', invoicesPath)]),
        group('messages', 'Messages', [
          link('Inbox', inboxPath),
          link('Sent messages', sentMessagesPath),
          link('Compose', composeMessagePath),
        ]),
      ];
    case 'products': {
      const id = location.productId;
      if (!id) return null;
      return [
        link('Overview', productUrl(id), true),
        group('analytics', 'Analytics', [
          link('Traffic', productTrafficUrl(id)),
          link('Top Applications', productTopApplicationsUrl(id)),
          link('Response Codes', productResponseCodesUrl(id)),
          link('Integration Errors', productIntegrationErrorsUrl(id)),
        ]),
        group('applications', 'Applications', [
          link('Listing', productApplicationsUrl(id), true),
          link('Application Plans', productApplicationPlansUrl(id)),
          link('Alerts', productAlertsUrl(id)),
        ]),
        ...(levels.servicePlans ? [group('subscriptions', 'Subscriptions', [link('Service Plans', productServicePlansUrl(id))])] : []),
        group('integration', 'Integration', [
          link('Configuration', productConfigurationUrl(id)),
          link('Settings', productIntegrationSettingsUrl(id)),
          link('Policies', productPoliciesUrl(id)),
          link('Methods & Metrics', productMethodsMetricsUrl(id)),
          link('Mapping Rules', productMappingRulesUrl(id)),
          link('Backends', productBackendsUrl(id)),
          link('Import from OpenAPI', productImportOpenApiUrl(id)),
        ]),
        link('ActiveDocs', productActiveDocsUrl(id)),
      ];
    }
    case 'backends': {
      const id = location.backendId;
      if (!id) return null;
      return [
        link('Overview', backendUrl(id), true),
        group('analytics', 'Analytics', [link('Traffic', backendTrafficUrl(id))]),
        link('Methods & Metrics', backendMethodsMetricsUrl(id)),
        link('Mapping Rules', backendMappingRulesUrl(id)),
      ];
    }
    case 'settings':
      return [
        link('Overview', settingsPath, true),
        group('personal', 'Personal', [
          link('Personal Details', personalDetailsPath),
          link('Tokens', tokensPath),
          link('Notification Preferences', notificationPreferencesPath),
        ]),
        group('users', 'Users', [
          link('Listing', usersPath),
          link('Invitations', invitationsPath),
          link('SSO Integrations', ssoIntegrationsPath),
        ]),
        group('integrate', 'Integrate', [link('Webhooks', webhooksPath), link('Policy registry', policyRegistryPath)]),
        ...(mayExport(viewer) ? [link('Export', dataExportPath)] : []),
        link('Email templates', emailTemplatesPath),
        group('billing', 'Billing', [link('Billing settings', billingSettingsPath)]),
        ...(viewer.isAdmin ? [link('Audit log', auditLogPath)] : []),
      ];
    case 'dashboard':
    case 'tenants':
      return null;
  }
}

/** True when `to` is the current page or (unless `end`) one of its ancestors. */
export function isActivePath(pathname: string, to: string, end = false): boolean {
  if (pathname === to) return true;
  return !end && pathname.startsWith(`${to}/`);
}

/**
 * The link of a list that the path belongs to: the longest one that matches, so that
 * /audience/accounts/usage-rules lights "Usage Rules" and not "Listing" as well, while an account's
 * page (/audience/accounts/42) still lights "Listing".
 */
export function activeLink(pathname: string, links: readonly NavLinkEntry[]): NavLinkEntry | undefined {
  let best: NavLinkEntry | undefined;
  for (const entry of links) {
    if (isActivePath(pathname, entry.to, entry.end) && (!best || entry.to.length > best.to.length)) best = entry;
  }
  return best;
}
