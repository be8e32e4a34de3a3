import { describe, expect, it } from 'vitest';

import { metricRows } from './metricRows';

const metric = (id: string, parentID: string | null = null) => ({
  id,
  friendlyName: id,
  systemName: id,
  unit: 'hit',
  description: null,
  parentID,
});

describe('metricRows', () => {
  it('gives one row per metric and per method, each method after its metric', () => {
    const { topLevel, rows } = metricRows([metric('hits'), metric('bytes'), metric('search', 'hits'), metric('list', 'hits')]);
    expect(topLevel.map((m) => m.id)).toEqual(['hits', 'bytes']);
    expect(rows.map((row) => `${row.level}:${row.metric.id}`)).toEqual(['1:hits', '2:search', '2:list', '1:bytes']);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ posinset: 1, setsize: 2 });
    expect(rows[0].children.map((m) => m.id)).toEqual(['search', 'list']);
    expect(rows[2]).toMatchObject({ posinset: 2, setsize: 2, children: [] });
  });

  it('leaves out a method whose metric is not listed', () => {
    expect(metricRows([metric('hits'), metric('orphan', 'gone')]).rows).toHaveLength(1);
  });
});
