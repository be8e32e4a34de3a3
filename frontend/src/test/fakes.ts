import { vi } from 'vitest';

import { AuthError, type AuthApi, type TokenResponse } from '../auth/api';
import { SessionManager } from '../auth/session';

export function tokens(accessToken = 'access-1', expiresIn = 900): TokenResponse {
  return { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn, refresh_token: 'refresh' };
}

export const unauthenticated = () => new AuthError('unauthenticated', 'Invalid credentials', { status: 401 });

/** An AuthApi whose methods are vi.fn()s; by default every call is refused. */
export function fakeAuthApi(overrides: Partial<AuthApi> = {}) {
  return {
    login: vi.fn<AuthApi['login']>(overrides.login ?? (() => Promise.reject(unauthenticated()))),
    refresh: vi.fn<AuthApi['refresh']>(overrides.refresh ?? (() => Promise.reject(unauthenticated()))),
    logout: vi.fn<AuthApi['logout']>(overrides.logout ?? (() => Promise.resolve())),
  };
}

/** A SessionManager with a controllable clock and timers, and no cross-tab plumbing. */
export function fakeSession(api: AuthApi = fakeAuthApi(), start = 1_000_000) {
  let now = start;
  const timers: { at: number; task: () => void; cancelled: boolean }[] = [];
  const session = new SessionManager({
    api,
    now: () => now,
    schedule: (task, delayMs) => {
      const timer = { at: now + delayMs, task, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    lock: (task) => task(),
    channel: null,
  });
  return {
    session,
    /** Moves the clock forward and runs the timers that came due. */
    advance(ms: number) {
      now += ms;
      for (const timer of timers.filter((candidate) => !candidate.cancelled && candidate.at <= now)) {
        timer.cancelled = true;
        timer.task();
      }
    },
    pendingTimers: () => timers.filter((timer) => !timer.cancelled).map((timer) => timer.at - now),
  };
}

/** A session that is already signed in, without a network round trip. */
export async function signedInSession(api = fakeAuthApi()) {
  api.login.mockResolvedValueOnce(tokens());
  const fake = fakeSession(api);
  await fake.session.login('admin', 'secret');
  return { ...fake, api };
}
