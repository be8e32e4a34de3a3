import type { ImportItem } from './ImportPreviewTable';

/** How many items an import creates, keeps and updates: "9 to create, 2 already there". */
export function summarize(items: readonly ImportItem[]): string {
  const create = items.filter((item) => item.action === 'CREATE').length;
  const keep = items.filter((item) => item.action === 'REUSE').length;
  const update = items.filter((item) => item.action === 'UPDATE').length;
  const parts = [`${create} to create`];
  if (keep) parts.push(`${keep} already there`);
  if (update) parts.push(`${update} to update`);
  return parts.join(', ');
}
