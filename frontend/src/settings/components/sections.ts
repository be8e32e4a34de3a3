import type { AdminSection } from '../../gql/graphql';

export interface SectionInfo {
  id: AdminSection;
  label: string;
  description: string;
  /** Limited to the member's products (as opposed to account-wide). */
  perProduct: boolean;
}

/** The areas of the Admin Portal a member may be given, in the order the rights form shows them. */
export const adminSections: readonly SectionInfo[] = [
  {
    id: 'PARTNERS',
    label: 'Developer accounts & applications',
    description: 'Developer accounts, applications, subscriptions and messages; the Account Management API.',
    perProduct: true,
  },
  {
    id: 'PLANS',
    label: 'Integration & application plans',
    description: 'Integration, application plans, limits, pricing, metrics and backends.',
    perProduct: true,
  },
  {
    id: 'MONITORING',
    label: 'Analytics',
    description: 'Traffic and usage statistics; the Analytics API.',
    perProduct: true,
  },
  { id: 'FINANCE', label: 'Billing', description: 'Invoices, payments and billing settings; the Billing API.', perProduct: false },
  { id: 'SETTINGS', label: 'Settings', description: 'Account settings, webhooks and field definitions.', perProduct: false },
  { id: 'PORTAL', label: 'Developer Portal', description: 'The content and configuration of the Developer Portal.', perProduct: false },
  { id: 'POLICY_REGISTRY', label: 'Policy registry', description: 'Custom gateway policies.', perProduct: false },
];

export const sectionLabel = (id: AdminSection) => adminSections.find((section) => section.id === id)?.label ?? id;
