import type { RecordField } from '../accounts/components/fieldRules';

/** A field as the API lists it (Account.fields, newRecordFields); core and optional by default. */
export function recordField(name: string, label: string, more: Partial<RecordField> = {}): RecordField {
  return {
    __typename: 'RecordField',
    name,
    label,
    hint: '',
    value: null,
    kind: 'EXTRA',
    defined: true,
    required: false,
    nonEmpty: false,
    readOnly: false,
    hidden: false,
    choices: [],
    ...more,
  };
}

/** The core fields of each target, as a record without definitions has them. */
export const coreFields = {
  account: (orgName: string | null) => [recordField('org_name', 'Organization/Group name', { kind: 'CORE', defined: false, required: true, nonEmpty: true, value: orgName })],
  user: (username: string | null, email: string | null) => [
    recordField('username', 'Username', { kind: 'CORE', defined: false, required: true, nonEmpty: true, value: username }),
    recordField('email', 'Email', { kind: 'CORE', defined: false, required: true, nonEmpty: true, value: email }),
    recordField('first_name', 'First name', { kind: 'CORE', defined: false }),
    recordField('last_name', 'Last name', { kind: 'CORE', defined: false }),
  ],
  application: (name: string, description: string | null) => [
    recordField('name', 'Name', { kind: 'CORE', defined: false, required: true, nonEmpty: true, value: name }),
    recordField('description', 'Description', { kind: 'CORE', defined: false, value: description }),
  ],
};
