import type { FieldDefinitionTarget } from '../../gql/graphql';

export interface BuiltinField {
  name: string;
  /** The label a definition starts with. */
  label: string;
  /** Core fields always exist; the others take part only once a definition names them. */
  core: boolean;
}

const billingParts: BuiltinField[] = [
  { name: 'billing_address_name', label: 'Billing name', core: false },
  { name: 'billing_address_address1', label: 'Billing address line 1', core: false },
  { name: 'billing_address_address2', label: 'Billing address line 2', core: false },
  { name: 'billing_address_city', label: 'Billing city', core: false },
  { name: 'billing_address_state', label: 'Billing state or region', core: false },
  { name: 'billing_address_zip', label: 'Billing ZIP code', core: false },
  { name: 'billing_address_country', label: 'Billing country', core: false },
  { name: 'billing_address_phone', label: 'Billing phone', core: false },
];

/** The built-in fields of each target, as the API knows them; any other name is an extra field. */
export const builtinFields: Record<FieldDefinitionTarget, BuiltinField[]> = {
  ACCOUNT: [
    { name: 'org_name', label: 'Organization/Group name', core: true },
    { name: 'vat_code', label: 'VAT code', core: false },
    { name: 'vat_rate', label: 'VAT rate', core: false },
    { name: 'billing_address', label: 'Billing address', core: false },
    ...billingParts,
  ],
  USER: [
    { name: 'username', label: 'Username', core: true },
    { name: 'email', label: 'Email', core: true },
    { name: 'first_name', label: 'First name', core: true },
    { name: 'last_name', label: 'Last name', core: true },
  ],
  APPLICATION: [
    { name: 'name', label: 'Name', core: true },
    { name: 'description', label: 'Description', core: true },
  ],
};

export const fieldTargets: { target: FieldDefinitionTarget; title: string; description: string }[] = [
  { target: 'ACCOUNT', title: 'Account', description: 'Fields of developer accounts, on the signup form and the account details.' },
  { target: 'USER', title: 'User', description: 'Fields of developer users, on the signup form and the user details.' },
  { target: 'APPLICATION', title: 'Application', description: 'Fields of applications, when developers create or edit one.' },
];

export const builtinField = (target: FieldDefinitionTarget, name: string) =>
  builtinFields[target].find((field) => field.name === name);

/** Names the API keeps for itself. */
const reservedNames = ['extra_fields', 'billing_address_parts', 'password'];

/** The rule for the name of an extra field, as the API checks it. */
export function extraFieldNameProblem(name: string, target: FieldDefinitionTarget, defined: ReadonlySet<string>): string | undefined {
  if (name === '') return 'Enter a name.';
  if (name.length > 255) return 'Must be at most 255 characters.';
  if (!/^[a-z][a-z0-9_]*$/.test(name)) return "Must start with a lower-case letter and contain only lower-case letters, digits and '_'.";
  if (reservedNames.includes(name)) return `“${name}” is reserved.`;
  if (builtinField(target, name)) return `“${name}” is a built-in field: choose it from the list.`;
  if (defined.has(name)) return `“${name}” is already defined.`;
  return undefined;
}

/** Choices written one per line, without blanks and repeats. */
export function parseChoices(text: string): string[] {
  return [...new Set(text.split('\n').map((line) => line.trim()).filter((line) => line !== ''))];
}
