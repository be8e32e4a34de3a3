import { useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { SearchSelectField, type SearchOption } from '../../components/SearchSelectField';
import { useFormErrors } from '../../components/useFormErrors';
import { patternProblem, problems } from '../../components/validation';
import { nodes } from '../../graphql/connection';
import { backendChoicesQuery, createBackendUsageMutation, updateBackendUsageMutation } from '../queries';

const fields = ['backendID', 'path'];

/** Adds a backend to a product under a public path, or changes the path of one. */
export function BackendUsageModal({
  productId,
  usage,
  onClose,
}: {
  productId: string;
  usage: { id: string; path: string; backend: { name: string } } | null;
  onClose: () => void;
}) {
  const [search, setSearch] = useState('');
  const [{ data, fetching }] = useQuery({ query: backendChoicesQuery, variables: { search: search || undefined }, pause: !!usage });
  const [backend, setBackend] = useState<SearchOption | null>(null);
  const [path, setPath] = useState(usage?.path ?? '/');
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, createUsage] = useMutation(createBackendUsageMutation);
  const [, updateUsage] = useMutation(updateBackendUsageMutation);
  const notify = useNotify();

  async function submit() {
    const found = problems({
      backendID: usage || backend ? undefined : 'Choose a backend.',
      path: patternProblem(path),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (usage) {
      const result = await updateUsage({ id: usage.id, input: { path } });
      if (result.error) return report(result.error, 'Could not change the path');
      notify({ variant: 'success', title: `“${usage.backend.name}” is now at ${path}` });
    } else if (backend) {
      const result = await createUsage({ input: { productID: productId, backendID: backend.value, path } }, { additionalTypenames: ['BackendUsage'] });
      if (result.error) return report(result.error, 'Could not add the backend');
      notify({ variant: 'success', title: `Added backend “${backend.label}” at ${path}` });
    }
    onClose();
  }

  const options = nodes(data?.backends).map((choice) => ({
    value: choice.id,
    label: choice.name,
    description: choice.privateEndpoint,
  }));

  return (
    <FormModal
      isOpen
      title={usage ? `Change the path of “${usage.backend.name}”` : 'Add a backend'}
      description="Requests to the product whose path starts with the public path are routed to the backend."
      submitLabel={usage ? 'Save' : 'Add to product'}
      onSubmit={submit}
      onClose={onClose}
      variant="medium"
    >
      {usage ? null : (
        <SearchSelectField
          id="usage-backend"
          label="Backend"
          isRequired
          value={backend}
          onChange={setBackend}
          onSearch={setSearch}
          options={options}
          isLoading={fetching}
          placeholder="Search backends by name"
          error={errors.backendID}
        />
      )}
      <TextField id="usage-path" label="Public path" isRequired isCode value={path} onChange={setPath} error={errors.path} helper="For example /v1 or /orders." />
    </FormModal>
  );
}
