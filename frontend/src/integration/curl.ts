/** An example request with a real credential of one of the product's applications. */
export function exampleCurl(
  endpoint: string,
  credentials: { location: string; userKeyName: string; userKey?: string | null; appID?: string | null; appKey?: string | null },
): string {
  const base = (endpoint || 'https://api.example.com').replace(/\/$/, '');
  if (credentials.appID) {
    const key = credentials.appKey ?? 'APP_KEY';
    return credentials.location === 'HEADERS'
      ? `curl "${base}/" -H "app_id: ${credentials.appID}" -H "app_key: ${key}"`
      : `curl "${base}/?app_id=${encodeURIComponent(credentials.appID)}&app_key=${encodeURIComponent(key)}"`;
  }
  const key = credentials.userKey ?? 'USER_KEY';
  switch (credentials.location) {
    case 'HEADERS':
      return `curl "${base}/" -H "${credentials.userKeyName}: ${key}"`;
    case 'AUTHORIZATION':
      return `curl "${base}/" -u "${key}:"`;
    default:
      return `curl "${base}/?${credentials.userKeyName}=${encodeURIComponent(key)}"`;
  }
}
