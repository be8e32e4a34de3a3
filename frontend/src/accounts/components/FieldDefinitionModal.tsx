import { useState } from 'react';
import { useMutation } from 'urql';

import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { integerProblem, problems, requiredProblem } from '../../components/validation';
import type { FieldDefinitionFieldsFragment, FieldDefinitionTarget } from '../../gql/graphql';
import { createFieldDefinitionMutation, updateFieldDefinitionMutation } from '../queries';
import { builtinField, extraFieldNameProblem, fieldTargets, parseChoices, type BuiltinField } from './fieldDefinitions';

const formFields = ['name', 'label', 'required', 'readOnly', 'hidden', 'choices', 'hint', 'position'];

/** The value of the field picker that stands for a new extra field. */
const extraField = '+extra';

export interface FieldDefinitionModalProps {
  target: FieldDefinitionTarget;
  /** The definition to edit; a new one is created without it. */
  definition?: FieldDefinitionFieldsFragment;
  /** For a new definition: the built-in field it is for, chosen in advance. */
  presetName?: string;
  /** The target's built-in fields, as the API lists them. */
  builtins: readonly BuiltinField[];
  /** Names the target's definitions already use. */
  defined: ReadonlySet<string>;
  /** Where a new definition goes when none is given: after the others. */
  nextPosition: number;
  onClose: () => void;
}

/** Creates or edits the definition of a built-in or extra field: its label and rules for developers. */
export function FieldDefinitionModal({ target, definition, presetName, builtins, defined, nextPosition, onClose }: FieldDefinitionModalProps) {
  const [choice, setChoice] = useState(definition?.name ?? presetName ?? '');
  const [name, setName] = useState('');
  const [label, setLabel] = useState(definition?.label ?? (presetName ? (builtinField(builtins, presetName)?.label ?? '') : ''));
  const [labelTouched, setLabelTouched] = useState(!!definition);
  const [hint, setHint] = useState(definition?.hint ?? '');
  const [required, setRequired] = useState(definition?.required ?? false);
  const [readOnly, setReadOnly] = useState(definition?.readOnly ?? false);
  const [hidden, setHidden] = useState(definition?.hidden ?? false);
  const [choices, setChoices] = useState((definition?.choices ?? []).join('\n'));
  const [position, setPosition] = useState(String(definition?.position ?? nextPosition));
  const { errors, setErrors, report } = useFormErrors(formFields);
  const [, create] = useMutation(createFieldDefinitionMutation);
  const [, update] = useMutation(updateFieldDefinitionMutation);
  const notify = useNotify();

  const fieldName = definition ? definition.name : choice === extraField ? name.trim() : choice;
  const builtin = definition ? definition.builtIn : builtinField(builtins, fieldName) !== undefined;
  const takesChoices = fieldName !== 'vat_rate';
  const targetTitle = fieldTargets.find((entry) => entry.target === target)?.title ?? target;
  const available = builtins.filter((field) => !defined.has(field.name));

  function pick(value: string) {
    setChoice(value);
    // A built-in field proposes its usual label until one is typed.
    if (!labelTouched) setLabel(builtinField(builtins, value)?.label ?? '');
  }

  async function submit() {
    const list = parseChoices(choices);
    const found = problems({
      name: definition
        ? undefined
        : choice === ''
          ? 'Choose a field.'
          : choice === extraField
            ? extraFieldNameProblem(name.trim(), builtins, defined)
            : undefined,
      label: requiredProblem(label, 'a label'),
      choices: !takesChoices && list.length > 0 ? 'VAT rate is a number and takes no choices.' : undefined,
      position: integerProblem(position, 0),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const rules = { label: label.trim(), required, readOnly, hidden, position: Number(position) };
    const result = definition
      ? await update({
          id: definition.id,
          input: {
            ...rules,
            ...(list.length > 0 ? { choices: list } : { clearChoices: true }),
            ...(hint.trim() ? { hint: hint.trim() } : { clearHint: true }),
          },
        })
      : await create(
          {
            input: {
              ...rules,
              target,
              name: fieldName,
              ...(list.length > 0 ? { choices: list } : {}),
              ...(hint.trim() ? { hint: hint.trim() } : {}),
            },
          },
          { additionalTypenames: ['FieldDefinition'] },
        );
    if (result.error) {
      report(result.error, definition ? 'Could not save the field' : 'Could not create the field');
      return;
    }
    notify({ variant: 'success', title: `${definition ? 'Saved' : 'Created'} the ${targetTitle.toLowerCase()} field “${fieldName}”` });
    onClose();
  }

  return (
    <FormModal
      isOpen
      title={definition ? `Edit ${targetTitle.toLowerCase()} field “${definition.name}”` : `New ${targetTitle.toLowerCase()} field`}
      description={
        definition
          ? builtin
            ? 'A built-in field: its name is fixed.'
            : 'An extra field: its name is fixed.'
          : 'A built-in field given a label and rules, or an extra field of your own.'
      }
      submitLabel={definition ? 'Save' : 'Create'}
      onSubmit={submit}
      onClose={onClose}
      variant="medium"
    >
      {definition ? null : (
        <SelectField
          id="field-definition-field"
          label="Field"
          isRequired
          value={choice}
          onChange={pick}
          placeholder="Choose a field"
          error={choice === extraField ? undefined : errors.name}
          options={[
            ...available.map((field) => ({ value: field.name, label: `${field.name} (built-in)` })),
            { value: extraField, label: 'New extra field…' },
          ]}
        />
      )}
      {!definition && choice === extraField ? (
        <TextField
          id="field-definition-name"
          label="Name"
          isRequired
          isCode
          value={name}
          onChange={setName}
          error={errors.name}
          helper="Lower-case letters, digits and '_', starting with a letter. It cannot be changed later."
          autoComplete="off"
        />
      ) : null}
      <TextField
        id="field-definition-label"
        label="Label"
        isRequired
        value={label}
        onChange={(value) => {
          setLabel(value);
          setLabelTouched(true);
        }}
        error={errors.label}
        helper="What developers read next to the field."
      />
      <TextField id="field-definition-hint" label="Hint" value={hint} onChange={setHint} error={errors.hint} helper="A short help text shown under the field." />
      <CheckboxField
        id="field-definition-required"
        label="Required"
        description="Developers must fill it in (admins may leave it empty)."
        isChecked={required}
        onChange={setRequired}
        error={errors.required}
      />
      <CheckboxField
        id="field-definition-read-only"
        label="Read only"
        description="Developers see the field but cannot change it."
        isChecked={readOnly}
        onChange={setReadOnly}
        error={errors.readOnly}
      />
      <CheckboxField
        id="field-definition-hidden"
        label="Hidden"
        description="Developers neither see nor change the field."
        isChecked={hidden}
        onChange={setHidden}
        error={errors.hidden}
      />
      <TextAreaField
        id="field-definition-choices"
        label="Choices"
        value={choices}
        onChange={setChoices}
        error={errors.choices}
        helper={takesChoices ? 'One per line. When given, the field takes only these values; leave empty for free text.' : 'VAT rate is a number and takes no choices.'}
        rows={4}
      />
      <TextField
        id="field-definition-position"
        label="Position"
        inputMode="numeric"
        value={position}
        onChange={setPosition}
        error={errors.position}
        helper="Fields are shown in increasing position."
      />
    </FormModal>
  );
}
