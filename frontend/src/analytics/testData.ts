import { screen } from '@testing-library/react';

import { connection } from '../test/graphql';

export const metrics = connection('Metric', [
  { id: 'b7', friendlyName: 'Hits', systemName: 'hits', unit: 'hit', parentID: null, backend: { __typename: 'Backend', id: 'b1', name: 'Orders' } },
  { id: 'm1', friendlyName: 'Hits', systemName: 'hits', unit: 'hit', parentID: null, backend: null },
  { id: 'm2', friendlyName: 'Get orders', systemName: 'get_orders', unit: 'hit', parentID: 'm1', backend: null },
  { id: 'm3', friendlyName: 'Bytes', systemName: 'bytes', unit: 'byte', parentID: null, backend: null },
]);

/** A daily series of `values` starting on 2026-11-01 in UTC. */
export function series(values: number[], extra: Record<string, unknown> = {}) {
  const total = values.reduce((sum, value) => sum + value, 0);
  return {
    __typename: 'UsageSeries',
    granularity: 'DAY',
    since: '2026-11-01T00:00:00Z',
    until: `2026-11-${String(values.length).padStart(2, '0')}T23:59:59Z`,
    timeZone: 'UTC',
    total,
    previousTotal: null,
    change: null,
    csv: `since,until,value\n${values.map((value, index) => `2026-11-0${index + 1},x,${value}`).join('\n')}\ntotal,,${total}\n`,
    metric: { __typename: 'Metric', id: 'm1', friendlyName: 'Hits', systemName: 'hits', unit: 'hit' },
    points: values.map((value, index) => ({
      __typename: 'UsagePoint',
      start: `2026-11-${String(index + 1).padStart(2, '0')}T00:00:00Z`,
      value,
    })),
    ...extra,
  };
}

/** A latency series by day from 2026-11-01 (UTC); null marks a day without response times. */
export function latencySeries(points: ({ count: number; p50: number; p95: number; p99: number } | null)[]) {
  const timed = points.filter((point) => point !== null);
  const count = timed.reduce((sum, point) => sum + point.count, 0);
  return {
    __typename: 'LatencySeries',
    granularity: 'DAY',
    since: '2026-11-01T00:00:00Z',
    until: `2026-11-${String(points.length).padStart(2, '0')}T23:59:59Z`,
    timeZone: 'UTC',
    count,
    p50: count ? 21.5 : null,
    p95: count ? 180 : null,
    p99: count ? 1250.25 : null,
    points: points.map((point, index) => ({
      __typename: 'LatencyPoint',
      start: `2026-11-${String(index + 1).padStart(2, '0')}T00:00:00Z`,
      count: point?.count ?? 0,
      p50: point?.p50 ?? null,
      p95: point?.p95 ?? null,
      p99: point?.p99 ?? null,
    })),
  };
}

/** The value the response times panel shows for a term ("p50 (median)", "Calls timed"). */
export function described(term: string): string {
  const group = screen.getByText(term, { selector: 'dt, dt *' }).closest('.pf-v6-c-description-list__group');
  return group?.querySelector('dd')?.textContent ?? '';
}
