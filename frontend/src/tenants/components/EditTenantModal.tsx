import { useState } from 'react';
import { useMutation } from 'urql';

import { TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { problems, requiredProblem } from '../../components/validation';
import { updateProviderMutation } from '../queries';

/** The API's field names (those of the Master API) and the form's. */
const fields = ['orgName', 'org_name', 'adminDomain', 'admin_domain', 'developerDomain', 'domain', 'fromEmail', 'from_email', 'supportEmail', 'support_email'];

export function EditTenantModal({
  tenant,
  onClose,
}: {
  tenant: { id: string; orgName: string; adminDomain: string; developerDomain?: string | null; fromEmail?: string | null; supportEmail?: string | null };
  onClose: () => void;
}) {
  const [orgName, setOrgName] = useState(tenant.orgName);
  const [adminDomain, setAdminDomain] = useState(tenant.adminDomain);
  const [developerDomain, setDeveloperDomain] = useState(tenant.developerDomain ?? '');
  const [fromEmail, setFromEmail] = useState(tenant.fromEmail ?? '');
  const [supportEmail, setSupportEmail] = useState(tenant.supportEmail ?? '');
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, updateProvider] = useMutation(updateProviderMutation);
  const notify = useNotify();

  async function submit() {
    const found = problems({
      orgName: requiredProblem(orgName, 'the organization name'),
      adminDomain: requiredProblem(adminDomain, 'the admin domain'),
      developerDomain: requiredProblem(developerDomain, 'the developer domain'),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const changed = (next: string, current: string | null | undefined) => (next.trim() !== (current ?? '') ? next.trim() : undefined);
    const result = await updateProvider({
      id: tenant.id,
      input: {
        orgName: changed(orgName, tenant.orgName),
        adminDomain: changed(adminDomain, tenant.adminDomain),
        developerDomain: changed(developerDomain, tenant.developerDomain),
        fromEmail: changed(fromEmail, tenant.fromEmail),
        supportEmail: changed(supportEmail, tenant.supportEmail),
      },
    });
    if (result.error) return report(result.error, 'Could not save the tenant');
    notify({ variant: 'success', title: `Saved ${orgName.trim()}` });
    onClose();
  }

  return (
    <FormModal
      isOpen
      title="Edit tenant"
      description="A changed admin domain takes effect at once: the tenant’s team signs in at the new address, and its old address stops answering."
      submitLabel="Save"
      onSubmit={submit}
      onClose={onClose}
      variant="medium"
    >
      <TextField id="edit-tenant-org" label="Organization name" isRequired value={orgName} onChange={setOrgName} error={errors.orgName ?? errors.org_name} />
      <TextField id="edit-tenant-admin-domain" label="Admin domain" isRequired isCode value={adminDomain} onChange={setAdminDomain} error={errors.adminDomain ?? errors.admin_domain} />
      <TextField
        id="edit-tenant-domain"
        label="Developer domain"
        isRequired
        isCode
        value={developerDomain}
        onChange={setDeveloperDomain}
        error={errors.developerDomain ?? errors.domain}
      />
      <TextField id="edit-tenant-from" label="From email" type="email" value={fromEmail} onChange={setFromEmail} error={errors.fromEmail ?? errors.from_email} />
      <TextField id="edit-tenant-support" label="Support email" type="email" value={supportEmail} onChange={setSupportEmail} error={errors.supportEmail ?? errors.support_email} />
    </FormModal>
  );
}
