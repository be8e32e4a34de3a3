export const loginPath = '/login';
export const acceptInvitationPath = '/accept-invitation';
/** Asks for a password reset link by email. */
export const forgotPasswordPath = '/forgot-password';
/** The link of a password reset email. */
export const resetPasswordPath = '/reset-password';

/** The login screen, remembering where to go back to. */
export function loginUrl(next?: string): string {
  if (!next || next === '/' || next.startsWith(loginPath)) return loginPath;
  return `${loginPath}?${new URLSearchParams({ next }).toString()}`;
}

/**
 * The `next` parameter is user-controlled: accept only a path on this origin,
 * never a protocol-relative or absolute URL, and never the login screen itself.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return fallback;
  }
  try {
    const url = new URL(next, 'http://portico.invalid');
    if (url.origin !== 'http://portico.invalid' || url.pathname.startsWith(loginPath)) {
      return fallback;
    }
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
