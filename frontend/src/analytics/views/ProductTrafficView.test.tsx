import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { apiError, fakeGraphQL, renderScreen } from '../../test/graphql';
import { described, latencySeries, metrics, series } from '../testData';
import { ProductTrafficView } from './ProductTrafficView';

const route = '/products/:productId/analytics/traffic';
const path = '/products/7/analytics/traffic';
const node = { data: { node: { __typename: 'Product', id: '7', name: 'Echo API' } } };

afterEach(() => vi.restoreAllMocks());

describe('ProductTrafficView', () => {
  it('charts the hits of the last 30 days with the total and the change from the 30 days before', async () => {
    const fake = fakeGraphQL({
      NodeName: node,
      AnalyticsMetrics: { data: { metrics } },
      UsageSeries: { data: { usageSeries: series([3, 0, 9], { previousTotal: 8, change: 50 }) } },
      LatencySeries: { data: { latencySeries: latencySeries([{ count: 3, p50: 20, p95: 150, p99: 1200 }, null, null]) } },
    });
    renderScreen(<ProductTrafficView />, { client: fake.client, path, route });

    expect(await screen.findByRole('heading', { name: 'Total' })).toHaveTextContent('12 hits');
    expect(screen.getByText('+50 %')).toBeInTheDocument();
    expect(screen.getByText(/compared with the 30 days before \(8\)/)).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /Hits, last 30 days/ })).toBeInTheDocument();
    expect(fake.callsOf('UsageSeries')).toEqual([
      { productID: '7', metric: 'm1', range: { period: 'MONTH', granularity: 'DAY' }, compare: true },
    ]);
    // The response times of the same time frame, beside the traffic.
    await screen.findByText('p99', { selector: 'dt, dt *' });
    expect(described('p99')).toBe('1,250 ms');
    expect(fake.callsOf('LatencySeries')).toEqual([{ productID: '7', range: { period: 'MONTH', granularity: 'DAY' } }]);
    expect(fake.callsOf('AnalyticsMetrics')).toEqual([
      { where: { or: [{ productID: '7' }, { hasBackendWith: [{ hasUsagesWith: [{ productID: '7' }] }] }] } },
    ]);
    const picker = screen.getByRole('combobox', { name: 'Metric or method' });
    expect(within(picker).getAllByRole('option').map((option) => option.textContent)).toEqual([
      'Hits (Orders)',
      'Hits',
      '\u00a0\u00a0\u00a0Get orders',
      'Bytes',
    ]);
    expect(picker).toHaveValue('m1');
  });

  it('asks again for another method, time frame and granularity', async () => {
    const user = userEvent.setup();
    const fake = fakeGraphQL({
      NodeName: node,
      AnalyticsMetrics: { data: { metrics } },
      UsageSeries: { data: { usageSeries: series([1]) } },
      LatencySeries: { data: { latencySeries: latencySeries([null]) } },
    });
    renderScreen(<ProductTrafficView />, { client: fake.client, path, route });
    await screen.findByRole('heading', { name: 'Total' });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Metric or method' }), 'm2');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Time frame' }), '7d');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Granularity' }), 'DAY');

    const calls = fake.callsOf('UsageSeries');
    expect(calls.at(-1)).toEqual({ productID: '7', metric: 'm2', range: { period: 'WEEK', granularity: 'DAY' }, compare: true });
    expect(calls).toContainEqual({ productID: '7', metric: 'm2', range: { period: 'MONTH', granularity: 'DAY' }, compare: true });
  });

  it('checks a custom range before asking for it', async () => {
    const user = userEvent.setup();
    const fake = fakeGraphQL({
      NodeName: node,
      AnalyticsMetrics: { data: { metrics } },
      UsageSeries: { data: { usageSeries: series([1]) } },
      LatencySeries: { data: { latencySeries: latencySeries([null]) } },
    });
    renderScreen(<ProductTrafficView />, { client: fake.client, path, route });
    await screen.findByRole('heading', { name: 'Total' });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Time frame' }), 'custom');
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');
    await user.clear(from);
    await user.type(from, '2026-11-20');
    await user.clear(to);
    await user.type(to, '2026-11-10');

    expect(await screen.findByText('The first day must not be after the last day.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download CSV' })).toBeDisabled();
    expect(fake.callsOf('UsageSeries').some((call) => (call.range as { since?: string }).since)).toBe(true);
    for (const call of fake.callsOf('UsageSeries')) {
      const range = call.range as { since?: string; until?: string };
      if (range.since && range.until) expect(range.since < range.until).toBe(true);
    }
  });

  it('says what the API refused, such as a range too long for the granularity', async () => {
    const fake = fakeGraphQL({
      NodeName: node,
      AnalyticsMetrics: { data: { metrics } },
      UsageSeries: apiError('RANGE_TOO_LONG', 'a range by hour may span at most 90 days'),
      LatencySeries: apiError('RANGE_TOO_LONG', 'a range by hour may span at most 90 days'),
    });
    renderScreen(<ProductTrafficView />, { client: fake.client, path, route });

    expect(await screen.findByText(/Portico cannot show this time frame/)).toBeInTheDocument();
    expect(screen.getByText('A range by hour may span at most 90 days')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });

  it('says how to send the first call when there is no traffic', async () => {
    const fake = fakeGraphQL({
      NodeName: node,
      AnalyticsMetrics: { data: { metrics } },
      UsageSeries: { data: { usageSeries: series([0, 0], { previousTotal: 0, change: 0 }) } },
      LatencySeries: { data: { latencySeries: latencySeries([null, null]) } },
    });
    renderScreen(<ProductTrafficView />, { client: fake.client, path, route });

    const empty = (await screen.findByRole('heading', { name: 'No traffic yet' })).closest('.pf-v6-c-empty-state') as HTMLElement;
    expect(empty).toHaveTextContent(/send a call to the product's staging APIcast/);
    expect(within(empty).getByRole('link', { name: 'Integration › Configuration' })).toHaveAttribute(
      'href',
      '/products/7/integration/configuration',
    );
  });

  it('downloads the series as CSV', async () => {
    const user = userEvent.setup();
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:csv';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const fake = fakeGraphQL({
      NodeName: node,
      AnalyticsMetrics: { data: { metrics } },
      UsageSeries: { data: { usageSeries: series([3, 4]) } },
      LatencySeries: { data: { latencySeries: latencySeries([null, null]) } },
    });
    renderScreen(<ProductTrafficView />, { client: fake.client, path, route });
    await screen.findByRole('heading', { name: 'Total' });

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));

    expect(clicked).toEqual(['echo_api-hits-2026-11-01.csv']);
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(created[0]);
    });
    expect(text).toBe(series([3, 4]).csv);
  });
});
