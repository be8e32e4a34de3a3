/** Client-side checks that mirror the API's field rules, so most mistakes show before a round trip. */

/** Lower-case snake case of a name, the way system names are proposed: "My API v2" → "my_api_v2". */
export function deriveSystemName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 255);
}

export function systemNameProblem(value: string): string | undefined {
  if (value.trim() === '') return 'Enter a system name.';
  if (value.length > 255) return 'Must be at most 255 characters.';
  if (!/^[A-Za-z0-9_/-]+$/.test(value)) return "May contain only letters, digits, '_', '/' and '-' (no spaces).";
  return undefined;
}

export function requiredProblem(value: string, what: string): string | undefined {
  return value.trim() === '' ? `Enter ${what}.` : undefined;
}

/** user_key, app_key and client secret rule: 5 to 256 of letters, digits and '-'. */
export function keyProblem(value: string): string | undefined {
  if (!/^[0-9A-Za-z-]{5,256}$/.test(value)) return "Must be 5 to 256 characters of letters, digits and '-'.";
  return undefined;
}

export function referrerFilterProblem(value: string): string | undefined {
  if (value === '' || value.length > 255) return 'Must be 1 to 255 characters.';
  if (!/^[A-Za-z0-9.*:_-]+$/.test(value)) return "May contain only letters, digits, '-', '.', '_', ':' and '*'.";
  return undefined;
}

/** A mapping-rule pattern or backend path: starts with '/', balanced '{…}', '$' only at the end of the path. */
export function patternProblem(value: string): string | undefined {
  if (!value.startsWith('/')) return "Must start with '/'.";
  if (value.length > 255) return 'Must be at most 255 characters.';
  const [path, query] = value.split('?', 2);
  const dollar = path.indexOf('$');
  if ((dollar >= 0 && dollar !== path.length - 1) || (query ?? '').includes('$')) return "'$' may only end the path.";
  let open = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '{') {
      if (open >= 0) return 'Wildcards may not nest.';
      open = i;
    } else if (c === '}') {
      if (open < 0) return "'}' without '{'.";
      if (i === open + 1) return 'Wildcard names may not be empty.';
      open = -1;
    } else if (c <= ' ' || c > '~') {
      return 'May contain only printable characters without spaces.';
    }
  }
  if (open >= 0) return "'{' without '}'.";
  return undefined;
}

/** A non-negative amount with at most 4 decimal places, written with a dot. */
export function moneyProblem(value: string): string | undefined {
  if (value.trim() === '') return 'Enter an amount (0 for free).';
  if (!/^\d+(\.\d+)?$/.test(value.trim())) return 'Enter a non-negative number such as 12.50.';
  const decimals = value.trim().split('.')[1] ?? '';
  if (decimals.replace(/0+$/, '').length > 4) return 'Use at most 4 decimal places.';
  if (Number(value) >= 1e16) return 'Too large.';
  return undefined;
}

/** A whole number within bounds; `what` names it in the message. */
export function integerProblem(value: string, min: number, max = Number.MAX_SAFE_INTEGER): string | undefined {
  if (!/^\d+$/.test(value.trim())) return min > 0 ? `Enter a whole number of at least ${min}.` : 'Enter a whole number.';
  const n = Number(value);
  if (n < min) return `Must be at least ${min}.`;
  if (n > max) return `Must be at most ${max}.`;
  return undefined;
}

/** Drops undefined entries, so an empty object means "no problems". */
export function problems(entries: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [field, message] of Object.entries(entries)) if (message) result[field] = message;
  return result;
}

export function emailProblem(value: string): string | undefined {
  if (value.trim() === '') return 'Enter an email address.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim())) return 'Enter an email address such as jane@example.com.';
  return undefined;
}

/** A password policy as the server reports it (`PasswordPolicy`). */
export interface PasswordRules {
  minLength: number;
  refusesCommon: boolean;
  requiresCharacterClasses: boolean;
}

/** The longest password the server takes. */
const maxPasswordLength = 128;

/**
 * Why `value` breaks the policy the server reported, counted and classed as the server does:
 * characters (not bytes), and Unicode upper case, lower case and decimal digits, anything else
 * being special. Common passwords are left to the server, which holds the list.
 */
export function passwordProblem(value: string, policy: PasswordRules): string | undefined {
  const chars = [...value];
  if (chars.length < policy.minLength) return `Must be at least ${policy.minLength} characters.`;
  if (chars.length > maxPasswordLength) return `Must be at most ${maxPasswordLength} characters.`;
  if (policy.requiresCharacterClasses) {
    const upper = chars.some((c) => /\p{Lu}/u.test(c));
    const lower = chars.some((c) => /\p{Ll}/u.test(c));
    const digit = chars.some((c) => /\p{Nd}/u.test(c));
    const special = chars.some((c) => !/[\p{Lu}\p{Ll}\p{Nd}]/u.test(c));
    if (!(upper && lower && digit && special)) return 'Must mix upper and lower case letters, a digit and a special character.';
  }
  return undefined;
}

/** The hint under a password field, from the policy the server holds it to. */
export function policyHint(policy: PasswordRules): string {
  const classes = policy.requiresCharacterClasses ? ', with upper and lower case letters, a digit and a special character' : '';
  const common = policy.refusesCommon ? ' Common passwords are refused.' : '';
  return `At least ${policy.minLength} characters${classes}.${common}`;
}
