import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { connection, fakeGraphQL, renderScreen } from '../../test/graphql';
import { ApplicationUsageCard } from '../components/ApplicationUsageCard';
import { DashboardTraffic } from '../components/DashboardTraffic';
import { described, latencySeries, metrics, series } from '../testData';
import { BackendTrafficView } from './BackendTrafficView';
import { ProductResponseCodesView } from './ProductResponseCodesView';
import { ProductTopApplicationsView } from './ProductTopApplicationsView';

const productNode = { data: { node: { __typename: 'Product', id: '7', name: 'Echo API' } } };
const top = (rows: [string, string, number][]) => ({
  data: {
    topApplications: {
      __typename: 'TopApplications',
      since: '2026-11-01T00:00:00Z',
      until: '2026-11-30T23:59:59Z',
      timeZone: 'UTC',
      applications: rows.map(([id, name, value]) => ({
        __typename: 'TopApplication',
        value,
        application: { __typename: 'Application', id, name, account: { __typename: 'Account', id: `a-${id}`, orgName: `Org of ${name}` } },
      })),
    },
  },
});
const count = (code: string, value: number) => ({ __typename: 'ResponseCodeCount', code, value });

describe('analytics screens', () => {
  it('ranks the applications of a product by the chosen metric', async () => {
    const user = userEvent.setup();
    const fake = fakeGraphQL({
      NodeName: productNode,
      AnalyticsMetrics: { data: { metrics } },
      TopApplications: top([
        ['9', 'Mobile', 1200],
        ['4', 'Web', 30],
      ]),
    });
    renderScreen(<ProductTopApplicationsView />, { client: fake.client, path: '/products/7/analytics/top-applications', route: '/products/:productId/analytics/top-applications' });

    const table = await screen.findByRole('grid', { name: 'Top applications' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual(['1MobileOrg of Mobile1,200', '2WebOrg of Web30']);
    expect(within(rows[0]).getByRole('link', { name: 'Mobile' })).toHaveAttribute('href', '/audience/applications/9');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Metric or method' }), 'm3');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Time frame' }), '12m');
    expect(fake.callsOf('TopApplications').at(-1)).toEqual({
      productID: '7',
      metric: 'm3',
      range: { period: 'YEAR', granularity: 'MONTH' },
      limit: 10,
    });
  });

  it('shows response codes by class and code with their share, or how to get them', async () => {
    const answer = (values: [number, number]) => ({
      data: {
        responseCodes: {
          __typename: 'ResponseCodes',
          since: '2026-11-01T00:00:00Z',
          until: '2026-11-30T23:59:59Z',
          timeZone: 'UTC',
          classes: [count('1XX', 0), count('2XX', values[0]), count('3XX', 0), count('4XX', values[1]), count('5XX', 0)],
          codes: values[0] ? [count('200', values[0]), count('404', values[1])] : [],
        },
      },
    });
    const fake = fakeGraphQL({ NodeName: productNode, ResponseCodes: answer([3, 1]) });
    const view = renderScreen(<ProductResponseCodesView />, { client: fake.client, path: '/products/7/analytics/response-codes', route: '/products/:productId/analytics/response-codes' });

    const codes = await screen.findByRole('grid', { name: 'Response codes' });
    expect(within(codes).getAllByRole('row').slice(1).map((row) => row.textContent)).toEqual(['200375 %', '404125 %']);
    const classes = screen.getByRole('grid', { name: 'Response classes' });
    expect(within(classes).getAllByRole('row')).toHaveLength(6);
    expect(fake.callsOf('ResponseCodes')).toEqual([{ productID: '7', range: { period: 'MONTH', granularity: 'DAY' } }]);
    view.unmount();

    const empty = fakeGraphQL({ NodeName: productNode, ResponseCodes: answer([0, 0]) });
    renderScreen(<ProductResponseCodesView />, { client: empty.client, path: '/products/7/analytics/response-codes', route: '/products/:productId/analytics/response-codes' });
    expect(await screen.findByRole('heading', { name: 'No response codes yet' })).toBeInTheDocument();
  });

  it('charts a backend from its own metrics', async () => {
    const fake = fakeGraphQL({
      NodeName: { data: { node: { __typename: 'Backend', id: 'b1', name: 'Orders' } } },
      AnalyticsMetrics: { data: { metrics } },
      UsageSeries: { data: { usageSeries: series([5, 6]) } },
    });
    renderScreen(<BackendTrafficView />, { client: fake.client, path: '/backends/b1/analytics/traffic', route: '/backends/:backendId/analytics/traffic' });

    expect(await screen.findByRole('heading', { name: 'Total' })).toHaveTextContent('11 hits');
    expect(fake.callsOf('AnalyticsMetrics')).toEqual([{ where: { backendID: 'b1' } }]);
    expect(fake.callsOf('UsageSeries')[0]).toMatchObject({ backendID: 'b1', metric: 'm1' });
  });

  it("draws the application's limits whose period matches the granularity", async () => {
    const hourly = series([40, 80], { granularity: 'HOUR' });
    const fake = fakeGraphQL({
      AnalyticsMetrics: { data: { metrics } },
      UsageSeries: { data: { usageSeries: hourly } },
      LatencySeries: { data: { latencySeries: latencySeries([{ count: 2, p50: 12, p95: 30, p99: 31 }]) } },
      ApplicationLimits: {
        data: {
          usageLimits: connection('UsageLimit', [
            { id: 'l1', period: 'HOUR', value: 100, metric: { __typename: 'Metric', id: 'm1' } },
            { id: 'l2', period: 'DAY', value: 1000, metric: { __typename: 'Metric', id: 'm1' } },
            { id: 'l3', period: 'HOUR', value: 5, metric: { __typename: 'Metric', id: 'm3' } },
          ]),
        },
      },
    });
    renderScreen(
      <ApplicationUsageCard
        application={{ id: 'app1', name: 'Mobile', userKey: 'k123', appID: null, product: { id: '7' }, plan: { id: 'p1' } }}
      />,
      { client: fake.client },
    );

    expect(await screen.findByRole('heading', { name: 'Total' })).toHaveTextContent('120 hits');
    expect(await screen.findByText('Limit per hour: 100')).toBeInTheDocument();
    expect(screen.queryByText(/Limit per day/)).not.toBeInTheDocument();
    expect(screen.queryByText(/: 5$/)).not.toBeInTheDocument();
    expect(fake.callsOf('UsageSeries')[0]).toEqual({
      applicationID: 'app1',
      metric: 'm1',
      range: { period: 'DAY', granularity: 'HOUR' },
      compare: true,
    });
    expect(fake.callsOf('ApplicationLimits')).toEqual([{ planId: 'p1' }]);
    // The application's response times of the same 24 hours.
    await screen.findByText('p50 (median)', { selector: 'dt, dt *' });
    expect(described('p50 (median)')).toBe('21.5 ms');
    expect(fake.callsOf('LatencySeries')).toEqual([{ applicationID: 'app1', range: { period: 'DAY', granularity: 'HOUR' } }]);
  });

  it('lists the hits of every product over the last 30 days with the change', async () => {
    const fake = fakeGraphQL({
      DashboardTrafficProducts: {
        data: { products: connection('Product', [{ id: '7', name: 'Echo API' }, { id: '8', name: 'Orders' }]) },
      },
      UsageSeries: (variables) => ({
        data: {
          usageSeries:
            variables.productID === '7' ? series([10, 20], { previousTotal: 20, change: 50 }) : series([0], { previousTotal: 4, change: -100 }),
        },
      }),
      TopApplications: top([['9', 'Mobile', 30]]),
    });
    renderScreen(<DashboardTraffic />, { client: fake.client });

    const table = await screen.findByRole('grid', { name: 'Hits per product, last 30 days' });
    await within(table).findByText('30');
    await within(table).findByText('−100 %');
    expect(within(table).getAllByRole('row').slice(1).map((row) => row.textContent)).toEqual(['Echo API30+50 %', 'Orders0−100 %']);
    expect(within(table).getByRole('link', { name: 'Echo API' })).toHaveAttribute('href', '/products/7/analytics/traffic');
    expect(await screen.findByRole('link', { name: 'Mobile' })).toHaveAttribute('href', '/audience/applications/9');
    expect(fake.callsOf('TopApplications')).toEqual([{ productID: '7', metric: 'hits', range: { period: 'MONTH' }, limit: 5 }]);
  });
});
