import type { CombinedError } from '@urql/core';

/** The `extensions.code` values the Portico GraphQL API puts on its errors. */
export const errorCodes = [
  'NOT_FOUND',
  'VALIDATION',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** An API error code, or NETWORK when no GraphQL answer arrived at all. */
export type ErrorKind = ErrorCode | 'NETWORK';

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/** The kind of the first error, read from `extensions.code` (unknown codes count as INTERNAL). */
export function errorKind(error: CombinedError | null | undefined): ErrorKind | null {
  if (!error) return null;
  if (error.networkError && error.graphQLErrors.length === 0) {
    return error.response instanceof Response && error.response.status === 401
      ? 'UNAUTHENTICATED'
      : 'NETWORK';
  }
  for (const graphQLError of error.graphQLErrors) {
    const code = graphQLError.extensions?.code;
    if (isErrorCode(code)) return code;
  }
  return 'INTERNAL';
}

/** True when any of the errors carries the given code. */
export function hasErrorCode(error: CombinedError | null | undefined, code: ErrorCode): boolean {
  return !!error?.graphQLErrors.some((graphQLError) => graphQLError.extensions?.code === code);
}

/** `extensions.field` may be a dotted string or a path array; both become "input.name". */
function fieldPath(field: unknown): string | null {
  if (typeof field === 'string' && field.length > 0) return field;
  if (Array.isArray(field) && field.length > 0) return field.map(String).join('.');
  return null;
}

/**
 * Validation messages keyed by field path. With `prefix` ("input"), keys are
 * relative to it, so a form can look up `name` rather than `input.name`.
 */
export function fieldErrors(
  error: CombinedError | null | undefined,
  prefix?: string,
): Record<string, string> {
  const result: Record<string, string> = {};
  if (!error) return result;
  for (const graphQLError of error.graphQLErrors) {
    if (graphQLError.extensions?.code !== 'VALIDATION') continue;
    let path = fieldPath(graphQLError.extensions.field);
    if (!path) continue;
    if (prefix && path.startsWith(`${prefix}.`)) path = path.slice(prefix.length + 1);
    result[path] ??= graphQLError.message;
  }
  return result;
}

const fixedMessages: Record<ErrorKind, string> = {
  NOT_FOUND: 'It does not exist, or it was deleted.',
  VALIDATION: 'Some of the values are not valid.',
  CONFLICT: 'It conflicts with something that already exists.',
  FORBIDDEN: 'You do not have permission to do this.',
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
  INTERNAL: 'Portico ran into a problem. Try again, and contact your administrator if it persists.',
  NETWORK: 'Portico could not be reached. Check your connection and try again.',
};

/**
 * A sentence to show a person. Validation and conflict messages are written
 * for people by the API and shown as they are; anything else gets a fixed
 * text so that internal details never reach the screen.
 */
export function errorMessage(error: CombinedError | null | undefined): string {
  const kind = errorKind(error);
  if (!kind) return '';
  if (kind === 'VALIDATION' || kind === 'CONFLICT') {
    const apiMessage = error?.graphQLErrors.find(
      (graphQLError) => graphQLError.extensions?.code === kind,
    )?.message;
    if (apiMessage) return apiMessage;
  }
  return fixedMessages[kind];
}

/**
 * The part of an API validation message a person needs next to a field:
 * "system_name: ent: validator failed for field "Product.system_name": may
 * contain only …" becomes "May contain only …".
 */
export function fieldMessage(message: string): string {
  let text = message.replace(/^[a-z][A-Za-z0-9_.]*:\s+/, '');
  text = text.replace(/^ent: validator failed for field "[^"]*":\s*/, '');
  text = text.replace(/^ent: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface FormErrors {
  /** Messages for the fields the form shows, keyed by field name ("systemName"). */
  fields: Record<string, string>;
  /** A sentence for a toast when some error could not be shown next to a field, else null. */
  other: string | null;
}

/**
 * Splits a failed mutation's errors between a form's fields and a toast.
 * Validation and conflict errors whose `extensions.field` names one of
 * `known` (relative to `prefix`, "input" by default) go next to that field;
 * anything else is summarised for a toast.
 */
export function formErrors(
  error: CombinedError | null | undefined,
  known: readonly string[],
  prefix = 'input',
): FormErrors {
  const fields: Record<string, string> = {};
  if (!error) return { fields, other: null };
  let unplaced = error.graphQLErrors.length === 0;
  for (const graphQLError of error.graphQLErrors) {
    const code = graphQLError.extensions?.code;
    let path = fieldPath(graphQLError.extensions?.field);
    if (path && path.startsWith(`${prefix}.`)) path = path.slice(prefix.length + 1);
    if ((code === 'VALIDATION' || code === 'CONFLICT') && path && known.includes(path)) {
      fields[path] ??= fieldMessage(graphQLError.message);
    } else {
      unplaced = true;
    }
  }
  return { fields, other: unplaced ? errorMessage(error) : null };
}
