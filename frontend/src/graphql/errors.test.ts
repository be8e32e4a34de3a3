import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';

import { errorKind, errorMessage, fieldErrors } from './errors';

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
