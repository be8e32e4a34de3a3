import { Route, Routes } from 'react-router';

import { AuditLogView } from './views/AuditLogView';
import { DataExportView } from './views/DataExportView';
import { InvitationsView } from './views/InvitationsView';
import { PersonalDetailsView } from './views/PersonalDetailsView';
import { SettingsOverviewView } from './views/SettingsOverviewView';
import { SSOIntegrationEditView, SSOIntegrationNewView } from './views/SSOIntegrationFormView';
import { SSOIntegrationsView } from './views/SSOIntegrationsView';
import { TokensView } from './views/TokensView';
import { UserEditView } from './views/UserEditView';
import { UserListView } from './views/UserListView';
import { NotFoundView } from '../components/NotFoundView';
import { WebhooksView } from './views/WebhooksView';
import { PolicyRegistryView } from './views/PolicyRegistryView';
import { CustomPolicyEditView, CustomPolicyNewView } from './views/CustomPolicyFormView';
import { EmailTemplateEditView } from './views/EmailTemplateEditView';
import { EmailTemplatesView } from './views/EmailTemplatesView';
import { BillingSettingsView } from '../billing/views/BillingSettingsView';
import { NotificationPreferencesView } from '../notifications/views/NotificationPreferencesView';

export default function SettingsSection() {
  return (
    <Routes>
      <Route index element={<SettingsOverviewView />} />
      <Route path="personal/details" element={<PersonalDetailsView />} />
      <Route path="personal/tokens" element={<TokensView />} />
      <Route path="personal/notifications" element={<NotificationPreferencesView />} />
      <Route path="users" element={<UserListView />} />
      <Route path="users/:userId" element={<UserEditView />} />
      <Route path="invitations" element={<InvitationsView />} />
      <Route path="sso" element={<SSOIntegrationsView />} />
      <Route path="sso/new" element={<SSOIntegrationNewView />} />
      <Route path="sso/:integrationId" element={<SSOIntegrationEditView />} />
      <Route path="webhooks" element={<WebhooksView />} />
      <Route path="policies" element={<PolicyRegistryView />} />
      <Route path="policies/new" element={<CustomPolicyNewView />} />
      <Route path="policies/:policyId" element={<CustomPolicyEditView />} />
      <Route path="billing" element={<BillingSettingsView />} />
      <Route path="email-templates" element={<EmailTemplatesView />} />
      <Route path="email-templates/:name" element={<EmailTemplateEditView />} />
      <Route path="audit" element={<AuditLogView />} />
      <Route path="export" element={<DataExportView />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
