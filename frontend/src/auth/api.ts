/**
 * The Portico session endpoints (`/auth/*`), served by the Go server on the
 * same origin as the Admin Portal. The refresh token lives in the httpOnly
 * `portico_refresh` cookie; this module never reads or stores it.
 */

/** A successful answer of `POST /auth/login` and `POST /auth/refresh`. */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  /** Lifetime of the access token, in seconds. */
  expires_in: number;
  refresh_token?: string;
}

export type AuthFailureKind =
  /** Bad credentials, or a missing, expired or revoked refresh cookie. */
  | 'unauthenticated'
  /** Too many attempts; `retryAfterSeconds` tells when to try again, if the server said. */
  | 'throttled'
  /** The server could not be reached or answered with something unexpected. */
  | 'unavailable';

export class AuthError extends Error {
  readonly kind: AuthFailureKind;
  readonly status: number | null;
  readonly retryAfterSeconds: number | null;

  constructor(
    kind: AuthFailureKind,
    message: string,
    options: { status?: number | null; retryAfterSeconds?: number | null; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AuthError';
    this.kind = kind;
    this.status = options.status ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

export interface AuthApi {
  login(login: string, password: string): Promise<TokenResponse>;
  /** Exchanges the refresh cookie for a new access token (the cookie rotates). */
  refresh(): Promise<TokenResponse>;
  logout(): Promise<void>;
}

interface ErrorBody {
  error?: { code?: string; message?: string };
}

type Fetch = typeof fetch;

export function createAuthApi(fetchImpl: Fetch = (...args) => fetch(...args)): AuthApi {
  async function post(path: string, body?: unknown): Promise<Response> {
    try {
      return await fetchImpl(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
    } catch (cause) {
      throw new AuthError('unavailable', 'Portico could not be reached.', { cause });
    }
  }

  async function tokens(response: Response): Promise<TokenResponse> {
    if (response.ok) {
      const body = (await response.json().catch(() => null)) as Partial<TokenResponse> | null;
      if (body && typeof body.access_token === 'string' && typeof body.expires_in === 'number') {
        return body as TokenResponse;
      }
      throw new AuthError('unavailable', 'The server answered with an unexpected token response.', {
        status: response.status,
      });
    }
    throw await failure(response);
  }

  return {
    async login(login, password) {
      return tokens(await post('/auth/login', { login, password }));
    },
    async refresh() {
      return tokens(await post('/auth/refresh'));
    },
    async logout() {
      const response = await post('/auth/logout');
      if (!response.ok && response.status !== 401) {
        throw await failure(response);
      }
    },
  };
}

async function failure(response: Response): Promise<AuthError> {
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  const message = body?.error?.message ?? response.statusText ?? 'Request failed.';
  const status = response.status;
  if (status === 401 || body?.error?.code === 'UNAUTHENTICATED') {
    return new AuthError('unauthenticated', message, { status });
  }
  if (status === 429) {
    return new AuthError('throttled', message, {
      status,
      retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')),
    });
  }
  return new AuthError('unavailable', message, { status });
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
