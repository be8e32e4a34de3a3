import { useState } from 'react';
import { useMutation } from 'urql';

import { TextAreaField, TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { problems, requiredProblem } from '../../components/validation';
import { updateBackendMutation } from '../queries';
import { endpointProblem } from './endpoint';

const fields = ['name', 'description', 'privateEndpoint'];

export function BackendEditModal({
  backend,
  onClose,
}: {
  backend: { id: string; name: string; description: string | null; privateEndpoint: string };
  onClose: () => void;
}) {
  const [name, setName] = useState(backend.name);
  const [description, setDescription] = useState(backend.description ?? '');
  const [endpoint, setEndpoint] = useState(backend.privateEndpoint);
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, updateBackend] = useMutation(updateBackendMutation);
  const notify = useNotify();

  async function submit() {
    const found = problems({ name: requiredProblem(name, 'a name'), privateEndpoint: endpointProblem(endpoint) });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const text = description.trim();
    const result = await updateBackend({
      id: backend.id,
      input: { name: name.trim(), privateEndpoint: endpoint.trim(), ...(text ? { description: text } : { clearDescription: true }) },
    });
    if (result.error) return report(result.error, 'Could not save the backend');
    notify({ variant: 'success', title: `Saved backend “${name.trim()}”` });
    onClose();
  }

  return (
    <FormModal isOpen title="Edit backend" submitLabel="Save" onSubmit={submit} onClose={onClose} variant="medium">
      <TextField id="edit-backend-name" label="Name" isRequired value={name} onChange={setName} error={errors.name} />
      <TextField id="edit-backend-endpoint" label="Private base URL" isRequired isCode type="url" value={endpoint} onChange={setEndpoint} error={errors.privateEndpoint} />
      <TextAreaField id="edit-backend-description" label="Description" value={description} onChange={setDescription} error={errors.description} />
    </FormModal>
  );
}
