import { useState } from 'react';

import { CheckboxField, TextField } from '../../components/FormFields';
import { FormPage } from '../../components/FormPage';
import { useFormErrors } from '../../components/useFormErrors';
import { problems, requiredProblem } from '../../components/validation';
import type { CombinedError } from 'urql';

export interface SSOIntegrationValues {
  name: string;
  issuer: string;
  clientID: string;
  /** Write-only: empty on edit means "keep the current secret". */
  clientSecret: string;
  enabled: boolean;
}

const fields = ['name', 'issuer', 'clientID', 'clientSecret'] as const;

export interface SSOIntegrationFormProps {
  initial?: Omit<SSOIntegrationValues, 'clientSecret'>;
  /** Resolves with the failed mutation's error, or null when saved. */
  onSave: (values: SSOIntegrationValues) => Promise<CombinedError | null>;
  onCancel: () => void;
}

function urlProblem(value: string): string | undefined {
  const missing = requiredProblem(value, 'the issuer URL');
  if (missing) return missing;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Enter an http or https URL.';
  } catch {
    return 'Enter a URL such as https://sso.example.com/realms/portico.';
  }
  return undefined;
}

/** Creates or changes an OpenID Connect integration. The client secret is never shown again once saved. */
export function SSOIntegrationForm({ initial, onSave, onCancel }: SSOIntegrationFormProps) {
  const isNew = !initial;
  const [values, setValues] = useState<SSOIntegrationValues>({
    name: initial?.name ?? '',
    issuer: initial?.issuer ?? '',
    clientID: initial?.clientID ?? '',
    clientSecret: '',
    enabled: initial?.enabled ?? true,
  });
  const { errors, setErrors, report } = useFormErrors(fields);
  const set = (field: 'name' | 'issuer' | 'clientID' | 'clientSecret') => (value: string) => setValues((old) => ({ ...old, [field]: value }));

  async function submit() {
    const found = problems({
      name: requiredProblem(values.name, 'a name'),
      issuer: urlProblem(values.issuer),
      clientID: requiredProblem(values.clientID, 'the client ID'),
      clientSecret: isNew ? requiredProblem(values.clientSecret, 'the client secret') : undefined,
    });
    setErrors(found);
    if (Object.keys(found).length) return;
    const error = await onSave({
      ...values,
      name: values.name.trim(),
      issuer: values.issuer.trim(),
      clientID: values.clientID.trim(),
    });
    if (error) report(error, isNew ? 'Could not add the integration' : 'Could not save the integration');
  }

  return (
    <FormPage label={isNew ? 'New SSO integration' : 'Edit SSO integration'} submitLabel={isNew ? 'Create integration' : 'Save'} onSubmit={submit} onCancel={onCancel}>
      <TextField id="name" label="Name" isRequired value={values.name} onChange={set('name')} error={errors.name} helper="Shown on the sign-in button, e.g. “Company SSO”." autoComplete="off" />
      <TextField
        id="issuer"
        label="Issuer URL"
        isRequired
        value={values.issuer}
        onChange={set('issuer')}
        error={errors.issuer}
        helper="The OpenID Connect issuer; for Keycloak or Red Hat build of Keycloak, the realm URL."
        inputMode="url"
        isCode
        autoComplete="off"
      />
      <TextField id="clientID" label="Client ID" isRequired value={values.clientID} onChange={set('clientID')} error={errors.clientID} isCode autoComplete="off" />
      <TextField
        id="clientSecret"
        label="Client secret"
        type="password"
        isRequired={isNew}
        value={values.clientSecret}
        onChange={set('clientSecret')}
        error={errors.clientSecret}
        helper={isNew ? 'Stored encrypted and never shown again.' : 'Leave empty to keep the current secret. It is never shown.'}
        autoComplete="new-password"
      />
      <CheckboxField
        id="enabled"
        label="Enabled"
        description="Offer this integration on the sign-in page."
        isChecked={values.enabled}
        onChange={(enabled) => setValues((old) => ({ ...old, enabled }))}
      />
    </FormPage>
  );
}
