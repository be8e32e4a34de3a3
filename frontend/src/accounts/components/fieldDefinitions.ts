import type { BuiltInFieldFieldsFragment, FieldDefinitionTarget } from '../../gql/graphql';

/**
 * A field every record of a target has by itself, as the API lists them (builtInFields): core fields
 * always exist; the others take part only once a definition names them. Any other name is an extra field.
 */
export type BuiltinField = BuiltInFieldFieldsFragment;

export const fieldTargets: { target: FieldDefinitionTarget; title: string; description: string }[] = [
  { target: 'ACCOUNT', title: 'Account', description: 'Fields of developer accounts, on the signup form and the account details.' },
  { target: 'USER', title: 'User', description: 'Fields of developer users, on the signup form and the user details.' },
  { target: 'APPLICATION', title: 'Application', description: 'Fields of applications, when developers create or edit one.' },
];

/** The built-in field of a target's list with the given name. */
export const builtinField = (builtins: readonly BuiltinField[], name: string) => builtins.find((field) => field.name === name);

/** Names the API keeps for itself. */
const reservedNames = ['extra_fields', 'billing_address_parts', 'password'];

/** The rule for the name of an extra field, as the API checks it. */
export function extraFieldNameProblem(name: string, builtins: readonly BuiltinField[], defined: ReadonlySet<string>): string | undefined {
  if (name === '') return 'Enter a name.';
  if (name.length > 255) return 'Must be at most 255 characters.';
  if (!/^[a-z][a-z0-9_]*$/.test(name)) return "Must start with a lower-case letter and contain only lower-case letters, digits and '_'.";
  if (reservedNames.includes(name)) return `“${name}” is reserved.`;
  if (builtinField(builtins, name)) return `“${name}” is a built-in field: choose it from the list.`;
  if (defined.has(name)) return `“${name}” is already defined.`;
  return undefined;
}

/** Choices written one per line, without blanks and repeats. */
export function parseChoices(text: string): string[] {
  return [...new Set(text.split('\n').map((line) => line.trim()).filter((line) => line !== ''))];
}
