/** The organizations a message went to, shortened: "Acme, Globex and 3 more". */
export function recipientNames(names: readonly string[], shown = 3): string {
  if (names.length === 0) return '—';
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}
