import { Flex, Label } from '@patternfly/react-core';

import type { Detail } from '../../components/DetailsPage';
import type { RecordFieldFieldsFragment } from '../../gql/graphql';

/**
 * A field of an account, user or application as the API lists it (Account.fields, newRecordFields):
 * core fields, defined ones in their order, an account's VAT and billing fields, then values no
 * definition names any more.
 */
export type RecordField = RecordFieldFieldsFragment;

/** What a field's definition tells developers, for the team's eyes. */
export function fieldNotes(field: RecordField): string {
  const notes: string[] = [];
  // The notes follow the hint as sentences of their own.
  if (field.hint) notes.push(/[.!?]$/.test(field.hint) ? field.hint : `${field.hint}.`);
  if (field.kind === 'EXTRA' && !field.defined) notes.push('No field definition names this field any more.');
  if (field.hidden) notes.push('Hidden from developers.');
  else if (field.readOnly) notes.push('Developers see it but cannot change it.');
  if (field.required && !field.nonEmpty) notes.push('Developers must fill it in.');
  return notes.join(' ');
}

/**
 * The client-side check of a form's fields: only the fields the server refuses empty whoever writes
 * (nonEmpty). A definition may make another field required, but that binds developers only.
 */
export function fieldProblems(fields: readonly RecordField[], values: Record<string, string>, key = (name: string) => name) {
  const found: Record<string, string> = {};
  for (const field of fields) {
    if (field.nonEmpty && (values[field.name] ?? '').trim() === '') found[key(field.name)] = `Enter ${field.label.toLowerCase()}.`;
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

/** The values filled in, trimmed, without the empty ones: what a form for a new record sends. */
export function filledValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .map(([name, value]) => [name, value.trim()])
      .filter(([, value]) => value !== ''),
  );
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
