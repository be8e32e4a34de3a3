/** How many names of recipients a summary shows before counting the rest. */
export const shownRecipients = 3;

/**
 * The organizations a message went to, shortened: "Acme, Globex and 3 more". names are the first
 * recipients (at least shownRecipients of them when there are that many); total counts them all.
 */
export function recipientNames(names: readonly string[], total: number = names.length): string {
  if (total === 0 || names.length === 0) return '—';
  const shown = names.slice(0, shownRecipients);
  if (total <= shown.length) return shown.join(', ');
  return `${shown.join(', ')} and ${total - shown.length} more`;
}
