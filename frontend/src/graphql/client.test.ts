import { describe, expect, it, vi } from 'vitest';

import { gql } from 'urql';

import { AuthError } from '../auth/api';
import { signedInSession, tokens } from '../test/fakes';
import { createGraphQLClient } from './client';

const viewerQuery = gql<{ viewer: { user: { id: string } } }>`
  query ClientTestViewer {
    viewer {
      user {
        id
      }
    }
  }
`;

const ok = () =>
  new Response(JSON.stringify({ data: { viewer: { __typename: 'Viewer', user: { __typename: 'User', id: 'u1' } } } }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });

const unauthenticated = () =>
  new Response(
    JSON.stringify({ errors: [{ message: 'token expired', extensions: { code: 'UNAUTHENTICATED' } }], data: null }),
    { status: 200, headers: { 'Content-Type': 'application/json' } },
  );

function authorization(init: RequestInit | undefined): string | null {
  return new Headers(init?.headers).get('Authorization');
}

describe('createGraphQLClient', () => {
  it('sends the in-memory access token as a Bearer header', async () => {
    const { session } = await signedInSession();
    const fetchMock = vi.fn<typeof fetch>(async () => ok());
    const client = createGraphQLClient(session, { fetch: fetchMock });

    const result = await client.query(viewerQuery, {}).toPromise();

    expect(result.error).toBeUndefined();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]![0]).toBe('/graphql');
    expect(authorization(fetchMock.mock.calls[0]![1])).toBe('Bearer access-1');
  });

  it('refreshes once on UNAUTHENTICATED and retries with the new token', async () => {
    const { session, api } = await signedInSession();
    api.refresh.mockResolvedValueOnce(tokens('access-2'));
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValueOnce(unauthenticated()).mockResolvedValueOnce(ok());
    const client = createGraphQLClient(session, { fetch: fetchMock });

    const result = await client.query(viewerQuery, {}).toPromise();

    expect(result.error).toBeUndefined();
    expect(result.data?.viewer.user.id).toBe('u1');
    expect(api.refresh).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls.map(([, init]) => authorization(init))).toEqual(['Bearer access-1', 'Bearer access-2']);
  });

  it('signs the tab out when the refresh is refused', async () => {
    const { session, api } = await signedInSession();
    api.refresh.mockRejectedValueOnce(new AuthError('unauthenticated', 'revoked'));
    const fetchMock = vi.fn<typeof fetch>(async () => unauthenticated());
    const client = createGraphQLClient(session, { fetch: fetchMock });

    const result = await client.query(viewerQuery, {}).toPromise();

    expect(result.error?.graphQLErrors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(api.refresh).toHaveBeenCalledTimes(1);
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
  });

  it('refreshes before sending when the token has already expired', async () => {
    const { session, api, advance } = await signedInSession();
    api.refresh.mockRejectedValueOnce(new AuthError('unavailable', 'offline'));
    advance(720_000); // the background refresh fails: the server is unreachable
    advance(200_000); // …and the token runs out
    api.refresh.mockResolvedValueOnce(tokens('access-3'));
    const fetchMock = vi.fn<typeof fetch>(async () => ok());
    const client = createGraphQLClient(session, { fetch: fetchMock });

    await client.query(viewerQuery, {}).toPromise();

    expect(authorization(fetchMock.mock.calls[0]![1])).toBe('Bearer access-3');
  });
});
