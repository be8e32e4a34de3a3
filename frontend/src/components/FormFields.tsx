import {
  Checkbox,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  TextArea,
  TextInput,
  type TextInputProps,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';

interface FieldProps {
  /** Element id, also used to link the label and the messages. */
  id: string;
  label: string;
  /** A message shown in red under the field; also marks the field invalid. */
  error?: string;
  /** A hint shown under the field while it has no error. */
  helper?: ReactNode;
  isRequired?: boolean;
}

function FieldMessage({ id, error, helper }: { id: string; error?: string; helper?: ReactNode }) {
  if (!error && !helper) return null;
  return (
    <FormHelperText>
      <HelperText id={`${id}-helper`} isLiveRegion={!!error}>
        <HelperTextItem variant={error ? 'error' : 'default'}>{error ?? helper}</HelperTextItem>
      </HelperText>
    </FormHelperText>
  );
}

const describedBy = (id: string, error?: string, helper?: ReactNode) => (error || helper ? `${id}-helper` : undefined);

export interface TextFieldProps extends FieldProps {
  value: string;
  onChange: (value: string) => void;
  type?: TextInputProps['type'];
  placeholder?: string;
  autoComplete?: string;
  isDisabled?: boolean;
  /** Monospace, for system names, keys and paths. */
  isCode?: boolean;
  inputMode?: TextInputProps['inputMode'];
}

/** A labelled text input with its hint or error message. */
export function TextField({
  id,
  label,
  error,
  helper,
  isRequired,
  value,
  onChange,
  type = 'text',
  placeholder,
  autoComplete,
  isDisabled,
  isCode,
  inputMode,
}: TextFieldProps) {
  return (
    <FormGroup label={label} fieldId={id} isRequired={isRequired}>
      <TextInput
        id={id}
        name={id}
        type={type}
        value={value}
        onChange={(_event, next) => onChange(next)}
        validated={error ? 'error' : 'default'}
        isRequired={isRequired}
        isDisabled={isDisabled}
        placeholder={placeholder}
        autoComplete={autoComplete}
        inputMode={inputMode}
        className={isCode ? 'portico-code-input' : undefined}
        aria-describedby={describedBy(id, error, helper)}
        aria-invalid={error ? true : undefined}
      />
      <FieldMessage id={id} error={error} helper={helper} />
    </FormGroup>
  );
}

export interface TextAreaFieldProps extends FieldProps {
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  /** Monospace, for templates and code. */
  isCode?: boolean;
}

export function TextAreaField({ id, label, error, helper, isRequired, value, onChange, rows = 3, isCode }: TextAreaFieldProps) {
  return (
    <FormGroup label={label} fieldId={id} isRequired={isRequired}>
      <TextArea
        id={id}
        name={id}
        value={value}
        onChange={(_event, next) => onChange(next)}
        validated={error ? 'error' : 'default'}
        isRequired={isRequired}
        rows={rows}
        resizeOrientation="vertical"
        className={isCode ? 'portico-code-input' : undefined}
        aria-describedby={describedBy(id, error, helper)}
        aria-invalid={error ? true : undefined}
      />
      <FieldMessage id={id} error={error} helper={helper} />
    </FormGroup>
  );
}

export interface SelectFieldProps extends FieldProps {
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string; isDisabled?: boolean }[];
  /** A first, empty choice ("Choose a plan"). */
  placeholder?: string;
  isDisabled?: boolean;
}

/** A native select: compact, and usable with the keyboard and screen readers everywhere. */
export function SelectField({
  id,
  label,
  error,
  helper,
  isRequired,
  value,
  onChange,
  options,
  placeholder,
  isDisabled,
}: SelectFieldProps) {
  return (
    <FormGroup label={label} fieldId={id} isRequired={isRequired}>
      <FormSelect
        id={id}
        name={id}
        value={value}
        onChange={(_event, next) => onChange(next)}
        validated={error ? 'error' : 'default'}
        isRequired={isRequired}
        isDisabled={isDisabled}
        aria-describedby={describedBy(id, error, helper)}
        aria-invalid={error ? true : undefined}
      >
        {placeholder !== undefined ? <FormSelectOption value="" label={placeholder} isPlaceholder /> : null}
        {options.map((option) => (
          <FormSelectOption key={option.value} value={option.value} label={option.label} isDisabled={option.isDisabled} />
        ))}
      </FormSelect>
      <FieldMessage id={id} error={error} helper={helper} />
    </FormGroup>
  );
}

export interface CheckboxFieldProps {
  id: string;
  label: ReactNode;
  description?: ReactNode;
  isChecked: boolean;
  onChange: (checked: boolean) => void;
  error?: string;
}

export function CheckboxField({ id, label, description, isChecked, onChange, error }: CheckboxFieldProps) {
  return (
    <FormGroup fieldId={id}>
      <Checkbox
        id={id}
        name={id}
        label={label}
        description={description}
        isChecked={isChecked}
        onChange={(_event, checked) => onChange(checked)}
        isValid={!error}
      />
      <FieldMessage id={id} error={error} />
    </FormGroup>
  );
}
