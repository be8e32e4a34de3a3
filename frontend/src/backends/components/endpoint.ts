/** Checks a backend's private base URL before it is sent. */
export function endpointProblem(value: string): string | undefined {
  if (value.trim() === '') return 'Enter the URL of the service, e.g. https://orders.internal:8443.';
  try {
    const url = new URL(value.trim());
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return 'Use an http, https, ws or wss URL.';
  } catch {
    return 'Enter a full URL, e.g. https://orders.internal:8443.';
  }
  return undefined;
}
