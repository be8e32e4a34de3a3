import { Form } from '@patternfly/react-core';
import { useState } from 'react';

import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/FormFields';

/** The subset of JSON schema the policy registry uses. */
export interface PolicyJSONSchema {
  type?: string;
  title?: string;
  description?: string;
  enum?: string[];
  required?: string[];
  properties?: Record<string, PolicyJSONSchema>;
  items?: PolicyJSONSchema;
}

export interface PolicyConfigFormProps {
  /** Prefix of the field ids, unique on the page. */
  id: string;
  schema: PolicyJSONSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
}

function label(name: string, schema: PolicyJSONSchema, required: boolean) {
  return `${schema.title ?? name}${required ? '' : ' (optional)'}`;
}

/**
 * A form for one policy's configuration, rendered from its JSON schema:
 * text, number, yes/no and choice fields for scalar properties, and JSON for
 * lists and objects.
 */
export function PolicyConfigForm({ id, schema, value, onChange }: PolicyConfigFormProps) {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  if (properties.length === 0) {
    return <p>This policy has nothing to configure.</p>;
  }
  const set = (name: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined || v === '') delete next[name];
    else next[name] = v;
    onChange(next);
  };
  return (
    <Form aria-label="Policy configuration" onSubmit={(event) => event.preventDefault()}>
      {properties.map(([name, prop]) => {
        const fieldId = `${id}-${name}`;
        const isRequired = required.has(name);
        const current = value[name];
        switch (prop.type) {
          case 'boolean':
            return (
              <CheckboxField
                key={name}
                id={fieldId}
                label={prop.title ?? name}
                description={prop.description}
                isChecked={current === true}
                onChange={(checked) => set(name, checked)}
              />
            );
          case 'integer':
            return (
              <TextField
                key={name}
                id={fieldId}
                label={label(name, prop, isRequired)}
                helper={prop.description}
                inputMode="numeric"
                value={current === undefined ? '' : String(current)}
                onChange={(text) => set(name, text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Number(text))}
              />
            );
          case 'string':
            if (prop.enum) {
              return (
                <SelectField
                  key={name}
                  id={fieldId}
                  label={label(name, prop, isRequired)}
                  helper={prop.description}
                  value={typeof current === 'string' ? current : ''}
                  placeholder="Choose…"
                  options={prop.enum.map((option) => ({ value: option, label: option }))}
                  onChange={(option) => set(name, option)}
                />
              );
            }
            return (
              <TextField
                key={name}
                id={fieldId}
                label={label(name, prop, isRequired)}
                helper={prop.description}
                value={typeof current === 'string' ? current : ''}
                onChange={(text) => set(name, text)}
              />
            );
          default:
            return <JSONField key={name} id={fieldId} label={label(name, prop, isRequired)} value={current} onChange={(v) => set(name, v)} />;
        }
      })}
    </Form>
  );
}

/** A list or object property, edited as JSON; invalid JSON is reported and not applied. */
function JSONField({ id, label: text, value, onChange }: { id: string; label: string; value: unknown; onChange: (v: unknown) => void }) {
  const [draft, setDraft] = useState(value === undefined ? '' : JSON.stringify(value, null, 2));
  const [error, setError] = useState<string>();
  return (
    <TextAreaField
      id={id}
      label={text}
      helper="JSON"
      error={error}
      rows={4}
      value={draft}
      onChange={(next) => {
        setDraft(next);
        if (next.trim() === '') {
          setError(undefined);
          onChange(undefined);
          return;
        }
        try {
          onChange(JSON.parse(next));
          setError(undefined);
        } catch {
          setError('Not valid JSON');
        }
      }}
    />
  );
}
