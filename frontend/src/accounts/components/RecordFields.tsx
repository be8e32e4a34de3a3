import { useState } from 'react';
import type { CombinedError } from 'urql';

import { SelectField, TextAreaField, TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { changedValues, fieldNotes, fieldProblems, type RecordField } from './fieldRules';

/** Longer texts get a text area. */
const multiline = new Set(['description', 'billing_address']);

/** The form control of one field: a choice list when the definition names the values, else text. */
function RecordFieldInput({
  field,
  idPrefix,
  value,
  onChange,
  error,
}: {
  field: RecordField;
  idPrefix: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const id = `${idPrefix}-${field.name}`;
  const helper = fieldNotes(field) || undefined;
  const isRequired = field.nonEmpty;
  if (field.choices.length > 0) {
    // A value stored before the choices changed stays visible and selected.
    const options = [...field.choices, ...(value && !field.choices.includes(value) ? [value] : [])];
    return (
      <SelectField
        id={id}
        label={field.label}
        value={value}
        onChange={onChange}
        options={options.map((choice) => ({ value: choice, label: choice }))}
        placeholder="Not set"
        isRequired={isRequired}
        helper={helper}
        error={error}
      />
    );
  }
  if (multiline.has(field.name)) {
    return <TextAreaField id={id} label={field.label} value={value} onChange={onChange} isRequired={isRequired} helper={helper} error={error} />;
  }
  return (
    <TextField
      id={id}
      label={field.label}
      type={field.name === 'email' ? 'email' : 'text'}
      value={value}
      onChange={onChange}
      isRequired={isRequired}
      helper={helper}
      error={error}
    />
  );
}

/** A form control for each field; errors are looked up by `errorKey` of the field's name. */
export function RecordFieldInputs({
  fields,
  idPrefix,
  values,
  onChange,
  errors,
  errorKey = (name) => name,
}: {
  fields: readonly RecordField[];
  idPrefix: string;
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
  errors: Record<string, string>;
  errorKey?: (name: string) => string;
}) {
  return fields.map((field) => (
    <RecordFieldInput
      key={field.name}
      field={field}
      idPrefix={idPrefix}
      value={values[field.name] ?? ''}
      onChange={(next) => onChange({ ...values, [field.name]: next })}
      error={errors[errorKey(field.name)]}
    />
  ));
}

/**
 * Edits every field of a record at once (updateAccountFields, updateUserFields,
 * updateApplicationFields): only the changed ones are sent, and a refusal shows next to its field.
 */
export function RecordFieldsModal({
  title,
  description,
  idPrefix,
  fields,
  save,
  saved,
  onClose,
}: {
  title: string;
  description?: string;
  idPrefix: string;
  fields: readonly RecordField[];
  /** Sends the changed values; resolves to the error, or null once saved. */
  save: (values: Record<string, string>) => Promise<CombinedError | null | undefined>;
  /** The success toast's title, from every value of the form. */
  saved: (values: Record<string, string>) => string;
  onClose: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((field) => [field.name, field.value ?? ''])));
  const form = useFormErrors(
    fields.map((field) => field.name),
    'fields',
  );
  const notify = useNotify();

  async function submit() {
    const found = fieldProblems(fields, values);
    form.setErrors(found);
    if (Object.keys(found).length > 0) return;
    const changed = changedValues(fields, values);
    if (Object.keys(changed).length > 0) {
      const error = await save(changed);
      if (error) return form.report(error, 'Could not save');
      notify({ variant: 'success', title: saved(values) });
    }
    onClose();
  }

  return (
    <FormModal isOpen title={title} description={description} submitLabel="Save" onSubmit={submit} onClose={onClose} variant="medium">
      <RecordFieldInputs fields={fields} idPrefix={idPrefix} values={values} onChange={setValues} errors={form.errors} />
    </FormModal>
  );
}
