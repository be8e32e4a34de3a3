import { useState } from 'react';
import { useMutation } from 'urql';

import { SelectField, TextAreaField, TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { useSystemName } from '../../components/useSystemName';
import { problems, requiredProblem, systemNameProblem } from '../../components/validation';
import { createMetricMutation, updateMetricMutation } from '../queries';
import { ownerWhere, type IntegrationOwner } from './owner';

export interface MetricRow {
  id: string;
  friendlyName: string;
  systemName: string;
  unit: string;
  description: string | null;
  parentID: string | null;
}

export type MetricModalMode =
  | { kind: 'createMethod'; parents: { id: string; name: string }[]; parentId: string }
  | { kind: 'createMetric' }
  | { kind: 'edit'; metric: MetricRow };

const fields = ['friendlyName', 'systemName', 'unit', 'description', 'parentID'];

/** Adds a method (a child of Hits, or of another metric) or a metric, or edits one. */
export function MetricModal({
  owner,
  mode,
  onClose,
}: {
  owner: IntegrationOwner;
  mode: MetricModalMode;
  onClose: () => void;
}) {
  const editing = mode.kind === 'edit' ? mode.metric : null;
  const isMethod = mode.kind === 'createMethod' || (editing?.parentID ?? null) !== null;
  const { name, setName, systemName, setSystemName } = useSystemName(editing?.friendlyName ?? '');
  const [unit, setUnit] = useState(editing?.unit ?? (isMethod ? 'hit' : ''));
  const [description, setDescription] = useState(editing?.description ?? '');
  const [parentId, setParentId] = useState(mode.kind === 'createMethod' ? mode.parentId : '');
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, createMetric] = useMutation(createMetricMutation);
  const [, updateMetric] = useMutation(updateMetricMutation);
  const notify = useNotify();
  const what = isMethod ? 'method' : 'metric';

  async function submit() {
    const found = problems({
      friendlyName: requiredProblem(name, 'a name'),
      systemName: editing ? undefined : systemNameProblem(systemName),
      unit: isMethod ? undefined : requiredProblem(unit, 'a unit'),
      parentID: mode.kind === 'createMethod' && !parentId ? 'Choose the metric the method adds to.' : undefined,
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const text = description.trim();
    if (editing) {
      const result = await updateMetric({
        id: editing.id,
        input: {
          friendlyName: name.trim(),
          ...(isMethod ? {} : { unit: unit.trim() }),
          ...(text ? { description: text } : { clearDescription: true }),
        },
      });
      if (result.error) return report(result.error, `Could not save the ${what}`);
      notify({ variant: 'success', title: `Saved ${what} “${name.trim()}”` });
    } else {
      const result = await createMetric(
        {
          input: {
            ...ownerWhere(owner),
            friendlyName: name.trim(),
            systemName,
            unit: isMethod ? 'hit' : unit.trim(),
            description: text || undefined,
            parentID: mode.kind === 'createMethod' ? parentId : undefined,
          },
        },
        { additionalTypenames: ['Metric'] },
      );
      if (result.error) return report(result.error, `Could not add the ${what}`);
      notify({ variant: 'success', title: `Added ${what} “${name.trim()}”` });
    }
    onClose();
  }

  return (
    <FormModal
      isOpen
      title={editing ? `Edit ${what}` : `New ${what}`}
      description={
        isMethod
          ? 'A method counts calls to one endpoint; every call also adds to the metric it belongs to.'
          : 'A metric counts usage in a unit of your choice.'
      }
      submitLabel={editing ? 'Save' : `Add ${what}`}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField id="metric-name" label="Friendly name" isRequired value={name} onChange={setName} error={errors.friendlyName} />
      <TextField
        id="metric-system-name"
        label="System name"
        isRequired={!editing}
        isCode
        isDisabled={!!editing}
        value={editing ? editing.systemName : systemName}
        onChange={setSystemName}
        error={errors.systemName}
        helper={editing ? 'The system name cannot be changed.' : 'Used in usage reports (usage[system_name]=1).'}
      />
      {mode.kind === 'createMethod' ? (
        <SelectField
          id="metric-parent"
          label="Adds to"
          isRequired
          value={parentId}
          onChange={setParentId}
          options={mode.parents.map((parent) => ({ value: parent.id, label: parent.name }))}
          error={errors.parentID}
        />
      ) : null}
      {isMethod ? null : (
        <TextField id="metric-unit" label="Unit" isRequired value={unit} onChange={setUnit} error={errors.unit} placeholder="hit, MB, call…" />
      )}
      <TextAreaField id="metric-description" label="Description" value={description} onChange={setDescription} error={errors.description} />
    </FormModal>
  );
}
