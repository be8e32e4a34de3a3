import { describe, expect, it } from 'vitest';

import { fakeAuthApi, fakeSession, signedInSession, tokens, unauthenticated } from '../test/fakes';
import { AuthError } from './api';
import { hasSessionHint, refreshDelayMs, SessionManager } from './session';

describe('SessionManager', () => {
  it('starts restoring and signs in silently when the refresh cookie is good', async () => {
    const api = fakeAuthApi({ refresh: async () => tokens('from-cookie') });
    const { session } = fakeSession(api);
    expect(session.getState().status).toBe('restoring');

    await session.restore();

    expect(session.getState().status).toBe('signedIn');
    expect(session.getAccessToken()).toBe('from-cookie');
  });

  it('is signed out after restoring without a valid cookie', async () => {
    const { session } = fakeSession();
    await session.restore();
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'initial' });
    expect(session.getAccessToken()).toBeNull();
  });

  it('signs out without asking the server when the browser holds no session hint', async () => {
    const api = fakeAuthApi({ refresh: async () => tokens('never') });
    const session = new SessionManager({ api, lock: (task) => task(), channel: null, mayHaveSession: () => false });
    await session.restore();
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'initial' });
    expect(api.refresh).not.toHaveBeenCalled();
  });

  it('keeps the access token in memory and treats an expired one as absent', async () => {
    const { session, advance } = await signedInSession();
    expect(session.getAccessToken()).toBe('access-1');
    expect(session.needsRefresh()).toBe(false);
    // The background refresh is refused, so the token simply runs out.
    advance(900_000);
    expect(session.getAccessToken()).toBeNull();
    expect(session.needsRefresh()).toBe(true);
  });

  it('refreshes shortly before the access token expires', async () => {
    const { session, api, advance, pendingTimers } = await signedInSession();
    api.refresh.mockResolvedValueOnce(tokens('access-2'));
    expect(pendingTimers()).toEqual([refreshDelayMs(900)]);

    advance(refreshDelayMs(900) - 1);
    expect(api.refresh).not.toHaveBeenCalled();
    advance(1);
    expect(api.refresh).toHaveBeenCalledTimes(1);
    await expect.poll(() => session.getAccessToken()).toBe('access-2');
  });

  it('shares one refresh request between concurrent callers', async () => {
    const { session, api } = await signedInSession();
    let resolve!: (value: ReturnType<typeof tokens>) => void;
    api.refresh.mockReturnValueOnce(new Promise((r) => (resolve = r)));

    const first = session.refresh();
    const second = session.refresh();
    resolve(tokens('access-2'));

    await expect(Promise.all([first, second])).resolves.toEqual(['ok', 'ok']);
    expect(api.refresh).toHaveBeenCalledTimes(1);
  });

  it('signs out with reason "expired" when the server refuses a refresh', async () => {
    const { session, api } = await signedInSession();
    api.refresh.mockRejectedValueOnce(unauthenticated());

    await expect(session.refresh()).resolves.toBe('unauthenticated');

    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
    expect(session.getAccessToken()).toBeNull();
  });

  it('keeps a valid token and retries later when the server is unreachable', async () => {
    const { session, api, pendingTimers } = await signedInSession();
    api.refresh.mockRejectedValueOnce(new AuthError('unavailable', 'offline'));

    await expect(session.refresh()).resolves.toBe('unavailable');

    expect(session.getState().status).toBe('signedIn');
    expect(session.getAccessToken()).toBe('access-1');
    expect(pendingTimers()).toEqual([15_000]);
  });

  it('propagates login failures and stays signed out', async () => {
    const api = fakeAuthApi();
    const { session } = fakeSession(api);
    await session.restore();

    await expect(session.login('admin', 'wrong')).rejects.toMatchObject({ kind: 'unauthenticated' });
    expect(session.getState().status).toBe('signedOut');
  });

  it('logs out on the server and forgets the token even if the server call fails', async () => {
    const { session, api } = await signedInSession();
    api.logout.mockRejectedValueOnce(new AuthError('unavailable', 'offline'));

    await expect(session.logout()).rejects.toThrow('offline');

    expect(api.logout).toHaveBeenCalledTimes(1);
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'loggedOut' });
    expect(session.getAccessToken()).toBeNull();
  });

  it('notifies subscribers of every state change', async () => {
    const api = fakeAuthApi({ refresh: async () => tokens() });
    const { session } = fakeSession(api);
    const seen: string[] = [];
    session.subscribe(() => seen.push(session.getState().status));

    await session.restore();
    await session.logout();

    expect(seen).toEqual(['signedIn', 'signedOut']);
  });
});

describe('refreshDelayMs', () => {
  it.each([
    [900, 720_000],
    [300, 240_000],
    [60, 0],
    [3600, 2_880_000],
    [90, 30_000],
  ])('for a %is token is %ims', (expiresIn, expected) => {
    expect(refreshDelayMs(expiresIn)).toBe(expected);
  });
});

describe('hasSessionHint', () => {
  it('finds the hint cookie among others, and only it', () => {
    expect(hasSessionHint('a=1; portico_session=1; b=2')).toBe(true);
    expect(hasSessionHint('portico_session=1')).toBe(true);
    expect(hasSessionHint('')).toBe(false);
    expect(hasSessionHint('xportico_session=1; portico_sessions=1')).toBe(false);
  });
});
