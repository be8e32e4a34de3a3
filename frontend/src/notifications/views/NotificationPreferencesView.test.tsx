import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, fakeGraphQL, renderScreen } from '../../test/graphql';
import { NotificationPreferencesView } from './NotificationPreferencesView';

const setting = (kind: string, group: string, title: string, email: boolean) => ({
  __typename: 'NotificationSetting',
  kind,
  group,
  title,
  description: `${title} happens.`,
  email,
});

const settings = {
  data: {
    viewer: {
      __typename: 'Viewer',
      notificationSettings: [
        setting('account_created', 'ACCOUNTS', 'New account', true),
        setting('account_pending_approval', 'ACCOUNTS', 'Account awaiting approval', true),
        setting('usage_limit_reached', 'ALERTS', 'Usage limit reached', false),
      ],
    },
  },
};

describe('NotificationPreferencesView', () => {
  it('groups the kinds the viewer may receive and saves a switch at once', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      NotificationSettings: settings,
      SetNotificationSetting: (vars) => ({
        data: { setNotificationSetting: { __typename: 'NotificationSetting', kind: vars.kind, email: vars.email } },
      }),
    });
    renderScreen(<NotificationPreferencesView />, { client: api.client });

    const accounts = await screen.findByRole('grid', { name: 'Accounts notifications' });
    expect(within(accounts).getByText('Account awaiting approval')).toBeInTheDocument();
    expect(screen.getByRole('grid', { name: 'Usage alerts notifications' })).toBeInTheDocument();
    expect(screen.queryByRole('grid', { name: 'Billing notifications' })).not.toBeInTheDocument();

    const pending = screen.getByRole('switch', { name: 'Email me “Account awaiting approval” notifications' });
    expect(pending).toBeChecked();
    await user.click(pending);
    expect(api.callsOf('SetNotificationSetting')).toEqual([{ kind: 'account_pending_approval', email: false }]);
    expect(await screen.findByText('“Account awaiting approval” notifications will no longer be emailed to you')).toBeInTheDocument();
  });

  it('says what failed when a preference cannot be saved', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      NotificationSettings: settings,
      SetNotificationSetting: apiError('FORBIDDEN', 'your rights do not include the area of "New account" notifications'),
    });
    renderScreen(<NotificationPreferencesView />, { client: api.client });
    await user.click(await screen.findByRole('switch', { name: 'Email me “New account” notifications' }));
    expect(await screen.findByText('Could not save the preference')).toBeInTheDocument();
    expect(screen.getByText(/your rights do not include the area/)).toBeInTheDocument();
  });
});
