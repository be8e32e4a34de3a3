/** What a new policy's manifest starts from: the fields APIcast requires. */
export const manifestTemplate = `{
  "$schema": "http://apicast.io/policy-v1/schema#manifest#",
  "name": "my_policy",
  "version": "1.0.0",
  "summary": "What the policy does",
  "description": ["What the policy does, in more words."],
  "configuration": {
    "type": "object",
    "properties": {
      "header": { "type": "string", "title": "Header" }
    }
  }
}`;

/** Checks that the text is a JSON object; the server checks it as a policy manifest. */
export function manifestProblem(text: string): string | undefined {
  if (!text.trim()) return 'Enter the policy manifest.';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return `The manifest is not JSON: ${(e as Error).message}`;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'The manifest must be a JSON object.';
  return undefined;
}
