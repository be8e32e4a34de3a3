import type { MetricRow } from './MetricModal';

/** One row of the Methods & Metrics tree: a metric (level 1) or one of its methods (level 2). */
export interface MetricTreeRow {
  metric: MetricRow;
  level: 1 | 2;
  /** The position among its siblings, from 1, and how many siblings there are (ARIA tree rows). */
  posinset: number;
  setsize: number;
  /** A metric's methods; empty for a method. */
  children: MetricRow[];
}

/**
 * The rows of a product's or backend's metrics in table order, each metric followed by its methods,
 * both in the given order. A method whose metric is not in the list is not shown.
 */
export function metricRows(metrics: readonly MetricRow[]): { topLevel: MetricRow[]; rows: MetricTreeRow[] } {
  const topLevel = metrics.filter((metric) => !metric.parentID);
  const childrenOf = new Map<string, MetricRow[]>();
  for (const metric of metrics) {
    if (!metric.parentID) continue;
    const siblings = childrenOf.get(metric.parentID) ?? [];
    siblings.push(metric);
    childrenOf.set(metric.parentID, siblings);
  }
  const rows: MetricTreeRow[] = [];
  topLevel.forEach((metric, position) => {
    const children = childrenOf.get(metric.id) ?? [];
    rows.push({ metric, level: 1, posinset: position + 1, setsize: topLevel.length, children });
    children.forEach((child, childPosition) => {
      rows.push({ metric: child, level: 2, posinset: childPosition + 1, setsize: children.length, children: [] });
    });
  });
  return { topLevel, rows };
}
