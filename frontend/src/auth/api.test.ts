import { describe, expect, it, vi } from 'vitest';

import { createAuthApi } from './api';

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

describe('createAuthApi', () => {
  it('posts credentials as JSON and returns the tokens', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () =>
      json(200, { access_token: 'a', token_type: 'Bearer', expires_in: 900, refresh_token: 'r' }),
    );
    const api = createAuthApi(fetchMock);

    await expect(api.login('admin@example.com', 'secret')).resolves.toMatchObject({ access_token: 'a' });

    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/auth/login');
    expect(init?.method).toBe('POST');
    expect(init?.credentials).toBe('same-origin');
    expect(JSON.parse(String(init?.body))).toEqual({ login: 'admin@example.com', password: 'secret' });
  });

  it('maps 401 to "unauthenticated" with the server message', async () => {
    const api = createAuthApi(async () =>
      json(401, { error: { code: 'UNAUTHENTICATED', message: 'invalid login or password' } }),
    );
    await expect(api.login('x', 'y')).rejects.toMatchObject({
      kind: 'unauthenticated',
      status: 401,
      message: 'invalid login or password',
    });
  });

  it('maps 429 to "throttled" and reads Retry-After', async () => {
    const api = createAuthApi(async () => json(429, { error: { code: 'THROTTLED', message: 'slow down' } }, { 'Retry-After': '30' }));
    await expect(api.login('x', 'y')).rejects.toMatchObject({ kind: 'throttled', retryAfterSeconds: 30 });
  });

  it('maps network failures and server errors to "unavailable"', async () => {
    await expect(createAuthApi(async () => Promise.reject(new TypeError('Failed to fetch'))).refresh()).rejects.toMatchObject({
      kind: 'unavailable',
    });
    await expect(createAuthApi(async () => json(502, undefined)).refresh()).rejects.toMatchObject({
      kind: 'unavailable',
      status: 502,
    });
  });

  it('refreshes with the cookie only and logs out with 204', async () => {
    const fetchMock = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(json(200, { access_token: 'b', token_type: 'Bearer', expires_in: 900 }))
      .mockResolvedValueOnce(new Response(null, { status: 204 }));
    const api = createAuthApi(fetchMock);

    await expect(api.refresh()).resolves.toMatchObject({ access_token: 'b' });
    await expect(api.logout()).resolves.toBeUndefined();

    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['/auth/refresh', '/auth/logout']);
    expect(JSON.parse(String(fetchMock.mock.calls[0]![1]?.body))).toEqual({});
  });
});
