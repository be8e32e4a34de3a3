import { AuthError, type AuthApi, type TokenResponse } from './api';

/**
 * The signed-in state of this tab. The access token is kept in memory only;
 * the refresh token stays in the httpOnly cookie and is used through
 * `POST /auth/refresh`, on load and shortly before the access token expires.
 */
export type SessionState =
  /** The app has just loaded and asked the server whether the cookie is still good. */
  | { status: 'restoring' }
  | { status: 'signedIn'; expiresAt: number }
  | { status: 'signedOut'; reason: 'initial' | 'expired' | 'loggedOut' };

export type RefreshResult = 'ok' | 'unauthenticated' | 'unavailable';

export interface SessionManagerOptions {
  api: AuthApi;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** Runs `task` after `delayMs`; returns a function that cancels it. */
  schedule?: (task: () => void, delayMs: number) => () => void;
  /**
   * Serialises refreshes across tabs of the same browser so that two tabs never
   * present the same rotating cookie at once. Defaults to the Web Locks API where
   * it exists.
   */
  lock?: <T>(task: () => Promise<T>) => Promise<T>;
  /** Tells other tabs about a logout, and hears theirs. */
  channel?: SessionChannel | null;
  /** How long after a failed background refresh to try again. */
  retryDelayMs?: number;
  /**
   * Whether the browser may hold a refresh cookie; when false, {@link SessionManager.restore}
   * signs out without asking the server, so a signed-out load sends no request bound to fail.
   * Defaults to always asking.
   */
  mayHaveSession?: () => boolean;
}

/** The readable cookie the server sets and clears with the httpOnly refresh cookie. */
export const sessionHintCookie = 'portico_session';

/** True when the server's session hint cookie is present in `cookies` (`document.cookie`). */
export function hasSessionHint(cookies: string = typeof document === 'undefined' ? '' : document.cookie): boolean {
  return cookies.split(';').some((part) => part.trim().startsWith(`${sessionHintCookie}=`));
}

export interface SessionChannel {
  postLogout(): void;
  onLogout(listener: () => void): () => void;
}

type Listener = () => void;

/** Refresh at 80% of the token's lifetime, but never later than one minute before expiry. */
export function refreshDelayMs(expiresInSeconds: number): number {
  const lifetime = Math.max(0, expiresInSeconds * 1000);
  return Math.max(0, Math.min(lifetime * 0.8, lifetime - 60_000));
}

export class SessionManager {
  private readonly api: AuthApi;
  private readonly now: () => number;
  private readonly schedule: (task: () => void, delayMs: number) => () => void;
  private readonly lock: <T>(task: () => Promise<T>) => Promise<T>;
  private readonly channel: SessionChannel | null;
  private readonly retryDelayMs: number;
  private readonly mayHaveSession: () => boolean;

  private state: SessionState = { status: 'restoring' };
  private token: { value: string; expiresAt: number } | null = null;
  private inflight: Promise<RefreshResult> | null = null;
  private cancelTimer: (() => void) | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(options: SessionManagerOptions) {
    this.api = options.api;
    this.now = options.now ?? Date.now;
    this.schedule =
      options.schedule ??
      ((task, delayMs) => {
        const id = setTimeout(task, delayMs);
        return () => clearTimeout(id);
      });
    this.lock = options.lock ?? webLock;
    this.channel = options.channel === undefined ? broadcastChannel() : options.channel;
    this.retryDelayMs = options.retryDelayMs ?? 15_000;
    this.mayHaveSession = options.mayHaveSession ?? (() => true);
    this.channel?.onLogout(() => this.signOut('loggedOut'));
  }

  /** For `useSyncExternalStore`. */
  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): SessionState => this.state;

  /** The current access token, or null when there is none or it has expired. */
  getAccessToken(): string | null {
    if (!this.token || this.token.expiresAt <= this.now()) return null;
    return this.token.value;
  }

  /** True when a request sent now would be refused for lack of a valid token. */
  needsRefresh(): boolean {
    return this.getAccessToken() === null;
  }

  /** Called once on load: a valid refresh cookie signs the tab in silently. */
  async restore(): Promise<void> {
    if (!this.mayHaveSession()) {
      if (this.state.status === 'restoring') this.setState({ status: 'signedOut', reason: 'initial' });
      return;
    }
    const result = await this.refresh();
    if (result !== 'ok' && this.state.status === 'restoring') {
      this.setState({ status: 'signedOut', reason: 'initial' });
    }
  }

  /** Throws {@link AuthError} on bad credentials, throttling or an unreachable server. */
  async login(login: string, password: string): Promise<void> {
    const response = await this.api.login(login, password);
    this.accept(response);
  }

  /**
   * Exchanges the refresh cookie for a new access token. Concurrent callers
   * share one request. A refused refresh signs the tab out; an unreachable
   * server leaves a still-valid token in place and tries again later.
   */
  refresh(): Promise<RefreshResult> {
    if (!this.inflight) {
      this.inflight = this.lock(() => this.api.refresh())
        .then(
          (response): RefreshResult => {
            this.accept(response);
            return 'ok';
          },
          (error: unknown): RefreshResult => {
            if (error instanceof AuthError && error.kind === 'unauthenticated') {
              if (this.state.status !== 'restoring') this.signOut('expired');
              return 'unauthenticated';
            }
            if (this.getAccessToken() !== null) {
              this.armTimer(this.retryDelayMs);
            }
            return 'unavailable';
          },
        )
        .finally(() => {
          this.inflight = null;
        });
    }
    return this.inflight;
  }

  /** Ends the session on the server (best effort) and in every open tab. */
  async logout(): Promise<void> {
    try {
      await this.api.logout();
    } finally {
      this.signOut('loggedOut');
      this.channel?.postLogout();
    }
  }

  /** Drops the token after the server refused it and a refresh did not help. */
  expire(): void {
    if (this.state.status === 'signedIn') this.signOut('expired');
  }

  private accept(response: TokenResponse): void {
    const expiresAt = this.now() + response.expires_in * 1000;
    this.token = { value: response.access_token, expiresAt };
    this.armTimer(refreshDelayMs(response.expires_in));
    this.setState({ status: 'signedIn', expiresAt });
  }

  private signOut(reason: 'expired' | 'loggedOut'): void {
    this.token = null;
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.state.status === 'signedOut' && this.state.reason === reason) return;
    this.setState({ status: 'signedOut', reason });
  }

  private armTimer(delayMs: number): void {
    this.cancelTimer?.();
    this.cancelTimer = this.schedule(() => {
      this.cancelTimer = null;
      void this.refresh();
    }, delayMs);
  }

  private setState(next: SessionState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}

function webLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return task();
  // The lock is held until the task's promise settles; request() resolves with its result.
  return locks.request('portico-auth-refresh', task) as unknown as Promise<T>;
}

function broadcastChannel(): SessionChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel('portico-auth');
  return {
    postLogout: () => channel.postMessage({ type: 'logout' }),
    onLogout(listener) {
      const handler = (event: MessageEvent<unknown>) => {
        const data = event.data as { type?: unknown } | null;
        if (data?.type === 'logout') listener();
      };
      channel.addEventListener('message', handler);
      return () => channel.removeEventListener('message', handler);
    },
  };
}
