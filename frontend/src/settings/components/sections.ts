import type { AdminSection } from '../../gql/graphql';

export interface SectionInfo {
  id: AdminSection;
  label: string;
  description: string;
  /** Limited to the member's products (as opposed to account-wide). */
  perProduct: boolean;
  /**
   * Whether the Admin Portal has screens for the area, so granting it gives the member something
   * to work with. Areas without screens are not offered in the rights form; set this when their
   * screens land.
   */
  hasScreens: boolean;
}

/** The areas of the Admin Portal a member may be given, in the order the rights form shows them. */
export const adminSections: readonly SectionInfo[] = [
  {
    id: 'PARTNERS',
    label: 'Developer accounts & applications',
    description: 'Developer accounts, applications, subscriptions and messages; the Account Management API.',
    perProduct: true,
    hasScreens: true,
  },
  {
    id: 'PLANS',
    label: 'Integration & application plans',
    description: 'Integration, application plans, limits, pricing, metrics and backends.',
    perProduct: true,
    hasScreens: true,
  },
  {
    id: 'MONITORING',
    label: 'Analytics',
    description: 'Traffic and usage statistics; the Analytics API.',
    perProduct: true,
    hasScreens: true,
  },
  { id: 'FINANCE', label: 'Billing', description: 'Invoices, earnings and billing settings; the Billing API.', perProduct: false, hasScreens: true },
  { id: 'SETTINGS', label: 'Settings', description: 'Account settings, webhooks and field definitions.', perProduct: false, hasScreens: true },
  { id: 'PORTAL', label: 'Developer Portal', description: 'The content and configuration of the Developer Portal.', perProduct: false, hasScreens: false },
  { id: 'POLICY_REGISTRY', label: 'Policy registry', description: 'Custom gateway policies.', perProduct: false, hasScreens: false },
];

/** The areas the rights form offers: those with screens. */
export const offeredSections = adminSections.filter((section) => section.hasScreens);

export const sectionLabel = (id: AdminSection) => adminSections.find((section) => section.id === id)?.label ?? id;
