import type { CombinedError } from 'urql';
import { useState } from 'react';

import { TextAreaField } from '../../components/FormFields';
import { FormPage } from '../../components/FormPage';
import { useFormErrors } from '../../components/useFormErrors';
import { manifestProblem, manifestTemplate } from './manifest';

export interface CustomPolicyFormProps {
  /** The stored manifest when editing. */
  initial?: unknown;
  /** Resolves with the failed mutation's error, or null when saved. */
  onSave: (manifest: Record<string, unknown>) => Promise<CombinedError | null>;
  onCancel: () => void;
}

/**
 * Registers or changes a custom policy: its APIcast manifest (apicast-policy.json), edited as
 * JSON. Name and version come from the manifest; the server checks it and names the problem.
 */
export function CustomPolicyForm({ initial, onSave, onCancel }: CustomPolicyFormProps) {
  const isNew = initial === undefined;
  const [text, setText] = useState(isNew ? manifestTemplate : JSON.stringify(initial, null, 2));
  const { errors, setErrors, report } = useFormErrors(['manifest']);

  async function submit() {
    const problem = manifestProblem(text);
    setErrors(problem ? { manifest: problem } : {});
    if (problem) return;
    const error = await onSave(JSON.parse(text) as Record<string, unknown>);
    if (error) report(error, isNew ? 'Could not register the policy' : 'Could not save the policy');
  }

  return (
    <FormPage label={isNew ? 'New custom policy' : 'Edit custom policy'} submitLabel={isNew ? 'Register policy' : 'Save'} onSubmit={submit} onCancel={onCancel}>
      <TextAreaField
        id="manifest"
        label="Policy manifest (JSON)"
        isRequired
        rows={22}
        value={text}
        onChange={setText}
        error={errors.manifest}
        helper="The policy’s apicast-policy.json: name, version, summary or description, and the JSON schema (draft-07) of its configuration, from which the policy chain editor builds its form."
      />
    </FormPage>
  );
}
