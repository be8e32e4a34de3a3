import type { AuditEntriesQuery, AuditEntryAction } from '../../gql/graphql';

type AuditEntry = NonNullable<NonNullable<NonNullable<AuditEntriesQuery['auditEntries']['edges']>[number]>['node']>;

/** The types of object the audit log records, as the API names them, with their names in the console. */
export const auditObjectTypes: readonly { value: string; label: string }[] = [
  { value: 'Tenant', label: 'Tenant' },
  { value: 'User', label: 'User' },
  { value: 'AccessToken', label: 'Access token' },
  { value: 'SSOIntegration', label: 'SSO integration' },
  { value: 'BillingSettings', label: 'Billing settings' },
  { value: 'PaymentGateway', label: 'Payment gateway' },
];

/** "Access token" for "AccessToken"; a type the console does not know yet keeps its API name. */
export const auditObjectTypeName = (type: string) => auditObjectTypes.find((known) => known.value === type)?.label ?? type;

export const auditActionNames: Record<AuditEntryAction, string> = {
  CREATE: 'Created',
  UPDATE: 'Updated',
  DELETE: 'Deleted',
  IMPERSONATE: 'Impersonated',
};

/** "first name, email" for ["first_name", "email"]; a dash when the change named no field (a deletion). */
export function auditFieldList(fields: readonly string[] | null | undefined): string {
  if (!fields || fields.length === 0) return '—';
  return fields.map((field) => field.replaceAll('_', ' ')).join(', ');
}

/**
 * Who made a change, in words: the username, "System" for changes nobody asked for, and the master
 * user when one acted as the user ("jane (impersonated by master)").
 */
export function auditActorName(entry: Pick<AuditEntry, 'actor' | 'actorUserID' | 'impersonator'>): string {
  const name = entry.actorUserID == null && entry.actor === 'system' ? 'System' : entry.actor;
  return entry.impersonator ? `${name} (impersonated by ${entry.impersonator})` : name;
}
