import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, fakeGraphQL, renderScreen } from '../../test/graphql';
import { described, latencySeries } from '../testData';
import { LatencyPanel } from './LatencyPanel';

const owner = { productID: '7' };
const month = { period: 'MONTH', granularity: 'DAY' } as const;

describe('LatencyPanel', () => {
  it('shows the p50, p95 and p99 of the time frame, their chart and the points', async () => {
    const user = userEvent.setup();
    const fake = fakeGraphQL({
      LatencySeries: {
        data: {
          latencySeries: latencySeries([{ count: 3, p50: 20, p95: 150, p99: 1200 }, null, { count: 2, p50: 0.42, p95: 9.87, p99: 99.5 }]),
        },
      },
    });
    renderScreen(<LatencyPanel owner={owner} range={month} />, { client: fake.client });

    await screen.findByText('p50 (median)', { selector: 'dt, dt *' });
    expect(described('p50 (median)')).toBe('21.5 ms');
    expect(described('p95')).toBe('180 ms');
    expect(described('p99')).toBe('1,250 ms');
    expect(described('Calls timed')).toBe('5');
    expect(screen.getByRole('img', { name: /Response times/ })).toBeInTheDocument();
    expect(fake.callsOf('LatencySeries')).toEqual([{ productID: '7', range: month }]);

    await user.click(screen.getByRole('button', { name: 'Show the response times' }));
    const rows = within(screen.getByRole('grid', { name: 'Response times per point' })).getAllByRole('row');
    expect(rows.slice(1).map((row) => row.textContent)).toEqual([
      '1 Nov320 ms150 ms1,200 ms',
      '2 Nov0–––',
      '3 Nov20.42 ms9.87 ms99.5 ms',
    ]);
  });

  it('asks by hour when the traffic is by minute: response times are kept by hour', async () => {
    const fake = fakeGraphQL({ LatencySeries: { data: { latencySeries: latencySeries([{ count: 1, p50: 5, p95: 5, p99: 5 }]) } } });
    renderScreen(<LatencyPanel owner={{ applicationID: '9' }} range={{ granularity: 'MINUTE', since: '2026-11-01T00:00:00Z' }} />, {
      client: fake.client,
    });

    await screen.findByText('p50 (median)', { selector: 'dt, dt *' });
    expect(fake.callsOf('LatencySeries')).toEqual([{ applicationID: '9', range: { granularity: 'HOUR', since: '2026-11-01T00:00:00Z' } }]);
  });

  it('says how gateways send response times when none was reported', async () => {
    const fake = fakeGraphQL({ LatencySeries: { data: { latencySeries: latencySeries([null, null]) } } });
    renderScreen(<LatencyPanel owner={owner} range={month} />, { client: fake.client });

    const empty = (await screen.findByRole('heading', { name: 'No response times reported yet' })).closest('.pf-v6-c-empty-state') as HTMLElement;
    expect(empty).toHaveTextContent(/No response times reported yet: gateways send log\[response_time\] \(in milliseconds\)/);
    expect(empty).toHaveTextContent(/transactions\[i\]\[log\]\[response_time\]/);
    expect(screen.queryByRole('img', { name: /Response times/ })).not.toBeInTheDocument();
  });

  it('says what the API refused', async () => {
    const fake = fakeGraphQL({
      LatencySeries: apiError('UNSUPPORTED_GRANULARITY', 'Response times are kept by hour: ask for them by hour, 6 hours, day or month', 'range.granularity'),
    });
    renderScreen(<LatencyPanel owner={owner} range={month} />, { client: fake.client });

    expect(await screen.findByText('Portico cannot show this time frame')).toBeInTheDocument();
    expect(screen.getByText(/Response times are kept by hour/)).toBeInTheDocument();
  });
});
