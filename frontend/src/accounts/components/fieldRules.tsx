import { Flex, Label } from '@patternfly/react-core';

import type { Detail } from '../../components/DetailsPage';
import type { RecordFieldFieldsFragment } from '../../gql/graphql';

/**
 * A field of an account, user or application as the API lists it (Account.fields, newRecordFields):
 * core fields, defined ones in their order, an account's VAT and billing fields, then values no
 * definition names any more.
 */
export type RecordField = RecordFieldFieldsFragment;

/**
 * The core fields no record can be without, whoever writes (the server's NotEmpty built-ins). A
 * definition may make another core field (a first name) required, but that binds developers only.
 */
const nonEmptyFields = ['org_name', 'username', 'email', 'name'];

/** Whether the server refuses the field empty (an organization name, a username, an email, an application name). */
export const mustHaveValue = (field: RecordField) => field.kind === 'CORE' && nonEmptyFields.includes(field.name);

/** What a field's definition tells developers, for the team's eyes. */
export function fieldNotes(field: RecordField): string {
  const notes: string[] = [];
  if (field.hint) notes.push(field.hint);
  if (field.kind === 'EXTRA' && !field.defined) notes.push('No field definition names this field any more.');
  if (field.hidden) notes.push('Hidden from developers.');
  else if (field.readOnly) notes.push('Developers see it but cannot change it.');
  if (field.required && !mustHaveValue(field)) notes.push('Developers must fill it in.');
  return notes.join(' ');
}

/** The client-side check of a form's fields: only the fields the server refuses empty. */
export function fieldProblems(fields: readonly RecordField[], values: Record<string, string>, key = (name: string) => name) {
  const found: Record<string, string> = {};
  for (const field of fields) {
    if (mustHaveValue(field) && (values[field.name] ?? '').trim() === '') found[key(field.name)] = `Enter ${field.label.toLowerCase()}.`;
  }
  return found;
}

/** The values of the fields a person changed, trimmed; an emptied field is sent empty, which clears it. */
export function changedValues(fields: readonly RecordField[], values: Record<string, string>): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const field of fields) {
    const next = (values[field.name] ?? '').trim();
    if (next !== (field.value ?? '')) changed[field.name] = next;
  }
  return changed;
}

/** The fields a details list shows: those defined or holding a value, without the ones named in `skip`. */
export function recordFieldDetails(fields: readonly RecordField[], skip: readonly string[] = []): Detail[] {
  return fields
    .filter((field) => !skip.includes(field.name) && (field.defined || field.value !== null))
    .map((field) => ({
      term: field.label,
      description: (
        <Flex gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsCenter' }}>
          <span>{field.value ?? '—'}</span>
          {field.hidden ? (
            <Label isCompact variant="outline">
              Hidden from developers
            </Label>
          ) : null}
          {field.kind === 'EXTRA' && !field.defined ? (
            <Label isCompact variant="outline" color="orange">
              Not defined
            </Label>
          ) : null}
        </Flex>
      ),
    }));
}
