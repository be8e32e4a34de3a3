import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, fakeGraphQL, renderScreen } from '../../test/graphql';
import { ProductAlertsView } from './ProductAlertsView';

const sections = (role: string, list: string[] = []) => ({
  data: { viewer: { __typename: 'Viewer', user: { __typename: 'User', id: 'u1', role, sections: list } } },
});

const product = {
  data: {
    node: {
      __typename: 'Product',
      id: '7',
      name: 'Weather',
      alertSettings: { __typename: 'AlertSettings', adminLevels: [80], developerLevels: [], availableLevels: [50, 80, 90, 100, 120, 150, 200, 300] },
    },
  },
};

const alert = {
  id: 'a1',
  level: 100,
  metricName: 'hits',
  period: 'DAY',
  periodStart: '2026-12-05T00:00:00Z',
  value: 10,
  max: 10,
  createdAt: '2026-12-05T10:00:00Z',
  readAt: null,
  application: { __typename: 'Application', id: '9', name: 'Forecast app', account: { __typename: 'Account', id: '3', orgName: 'Acme' } },
  product: { __typename: 'Product', id: '7', name: 'Weather' },
};

describe('ProductAlertsView', () => {
  it('saves the levels chosen for the team and for developers, and lists the product’s alerts', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      ViewerSections: sections('ADMIN'),
      AlertSettings: product,
      UsageAlerts: { data: { usageAlerts: connection('UsageAlert', [alert]) } },
      UpdateAlertSettings: (vars) => ({
        data: {
          updateAlertSettings: {
            __typename: 'AlertSettings',
            adminLevels: vars.adminLevels,
            developerLevels: vars.developerLevels,
            product: { __typename: 'Product', id: '7' },
          },
        },
      }),
    });
    renderScreen(<ProductAlertsView />, { client: api.client, path: '/products/7/alerts', route: '/products/:productId/alerts' });

    expect(await screen.findByText('100 % of the day limit of hits')).toBeInTheDocument();
    expect(api.callsOf('UsageAlerts')[0]).toMatchObject({ where: { hasProductWith: [{ id: '7' }] } });
    const team80 = await screen.findByRole('checkbox', { name: 'Alert your team at 80 %' });
    expect(team80).toBeChecked();
    await user.click(screen.getByRole('checkbox', { name: 'Alert your team at 100 %' }));
    await user.click(screen.getByRole('checkbox', { name: 'Alert developers at 100 %' }));
    await user.click(screen.getByRole('button', { name: 'Save alert settings' }));
    expect(api.callsOf('UpdateAlertSettings')).toEqual([{ productId: '7', adminLevels: [80, 100], developerLevels: [100] }]);
    expect(await screen.findByText('The alert settings were saved')).toBeInTheDocument();
  });

  it('shows the settings read-only to a member without the plans area, and the server’s refusal in words', async () => {
    const api = fakeGraphQL({
      ViewerSections: sections('MEMBER', ['MONITORING']),
      AlertSettings: product,
      UsageAlerts: apiError('FORBIDDEN', 'this area is not among your permissions'),
    });
    renderScreen(<ProductAlertsView />, { client: api.client, path: '/products/7/alerts', route: '/products/:productId/alerts' });
    expect(await screen.findByRole('checkbox', { name: 'Alert your team at 80 %' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save alert settings' })).not.toBeInTheDocument();
  });
});
