import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';

import { FormPage } from '../../components/FormPage';
import { TextAreaField, TextField } from '../../components/FormFields';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { useSystemName } from '../../components/useSystemName';
import { problems, requiredProblem, systemNameProblem } from '../../components/validation';
import { endpointProblem } from '../components/endpoint';
import { createBackendMutation } from '../queries';
import { backendsPath, backendUrl } from '../urls';

const fields = ['name', 'systemName', 'description', 'privateEndpoint'];

/** Backends › Create Backend. */
export function BackendNewView() {
  const navigate = useNavigate();
  const notify = useNotify();
  const { name, setName, systemName, setSystemName } = useSystemName();
  const [description, setDescription] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, createBackend] = useMutation(createBackendMutation);

  async function submit() {
    const found = problems({
      name: requiredProblem(name, 'a name'),
      systemName: systemNameProblem(systemName),
      privateEndpoint: endpointProblem(endpoint),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = await createBackend(
      { input: { name: name.trim(), systemName, description: description.trim() || undefined, privateEndpoint: endpoint.trim() } },
      { additionalTypenames: ['Backend'] },
    );
    if (result.error || !result.data) {
      if (result.error) report(result.error, 'Could not create the backend');
      return;
    }
    notify({ variant: 'success', title: `Created backend “${result.data.createBackend.name}”` });
    navigate(backendUrl(result.data.createBackend.id));
  }

  return (
    <>
      <PageHeader
        title="Create Backend"
        description="A backend is an internal service; products expose it to developers under a public path."
        breadcrumbs={[{ label: 'Backends', to: backendsPath }, { label: 'Create Backend' }]}
      />
      <FormPage label="New backend" submitLabel="Create backend" onSubmit={submit} onCancel={() => navigate(backendsPath)}>
        <TextField id="backend-name" label="Name" isRequired value={name} onChange={setName} error={errors.name} />
        <TextField
          id="backend-system-name"
          label="System name"
          isRequired
          isCode
          value={systemName}
          onChange={setSystemName}
          error={errors.systemName}
          helper="Letters, digits, '_', '/' and '-'; it cannot be changed later."
        />
        <TextField
          id="backend-endpoint"
          label="Private base URL"
          isRequired
          isCode
          type="url"
          value={endpoint}
          onChange={setEndpoint}
          error={errors.privateEndpoint}
          placeholder="https://orders.internal:8443"
        />
        <TextAreaField id="backend-description" label="Description" value={description} onChange={setDescription} error={errors.description} />
      </FormPage>
    </>
  );
}
