import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';

import { errorKind, errorMessage, fieldErrors, formErrors } from './errors';

const graphQLErrors = (...errors: { message: string; extensions?: Record<string, unknown> }[]) =>
  new CombinedError({ graphQLErrors: errors });

describe('errors', () => {
  it('reads the kind from extensions.code', () => {
    expect(errorKind(graphQLErrors({ message: 'x', extensions: { code: 'NOT_FOUND' } }))).toBe('NOT_FOUND');
    expect(errorKind(graphQLErrors({ message: 'x', extensions: { code: 'SOMETHING_NEW' } }))).toBe('INTERNAL');
    expect(errorKind(new CombinedError({ networkError: new TypeError('Failed to fetch') }))).toBe('NETWORK');
    expect(errorKind(undefined)).toBeNull();
  });

  it('keys validation messages by field path, relative to a prefix', () => {
    const error = graphQLErrors(
      { message: 'is required', extensions: { code: 'VALIDATION', field: 'input.name' } },
      { message: 'must be a URL', extensions: { code: 'VALIDATION', field: ['input', 'privateEndpoint'] } },
      { message: 'ignored', extensions: { code: 'CONFLICT', field: 'input.systemName' } },
    );
    expect(fieldErrors(error, 'input')).toEqual({ name: 'is required', privateEndpoint: 'must be a URL' });
    expect(fieldErrors(error)).toEqual({ 'input.name': 'is required', 'input.privateEndpoint': 'must be a URL' });
  });

  it('shows API wording for validation and conflicts, fixed wording otherwise', () => {
    expect(errorMessage(graphQLErrors({ message: 'System name is taken', extensions: { code: 'CONFLICT' } }))).toBe(
      'System name is taken',
    );
    expect(errorMessage(graphQLErrors({ message: 'pq: connection refused', extensions: { code: 'INTERNAL' } }))).not.toContain(
      'pq:',
    );
  });
});

describe('formErrors', () => {
  it('places validation and conflict errors next to known fields with readable wording', () => {
    const error = graphQLErrors(
      {
        message: 'system_name: ent: validator failed for field "Product.system_name": may contain only letters',
        extensions: { code: 'VALIDATION', field: 'input.systemName' },
      },
      { message: 'name: is already taken', extensions: { code: 'CONFLICT', field: 'input.name' } },
    );
    expect(formErrors(error, ['name', 'systemName'])).toEqual({
      fields: { systemName: 'May contain only letters', name: 'Is already taken' },
      other: null,
    });
  });

  it('sends errors without a known field to the toast', () => {
    const error = graphQLErrors(
      { message: 'is required', extensions: { code: 'VALIDATION', field: 'input.productID' } },
      { message: 'plan has subscribers', extensions: { code: 'CONFLICT' } },
    );
    const result = formErrors(error, ['name']);
    expect(result.fields).toEqual({});
    expect(result.other).toBe('is required');
    expect(formErrors(new CombinedError({ networkError: new Error('x') }), ['name']).other).toMatch(/could not be reached/);
  });
});
