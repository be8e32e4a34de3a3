import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { connection, fakeGraphQL, renderScreen, type Handler } from '../../test/graphql';
import { SubscriptionListView } from './SubscriptionListView';
import { contractEventsOf } from '../../test/stateEvents';

const subscription = (id: string, orgName: string, state: string, product = { id: 'x1', name: 'Echo' }) => ({
  id,
  state,
  permittedEvents: contractEventsOf[state],
  createdAt: '2026-11-01T00:00:00Z',
  acceptedAt: null,
  account: { __typename: 'Account', id: `acc-${id}`, orgName },
  product: { __typename: 'Product', ...product },
  plan: { __typename: 'Plan', id: 'sp1', name: 'Default' },
});

const bulk = (items: { id: string; ok: boolean; message?: string }[]) => ({
  __typename: 'BulkResult',
  succeeded: items.filter((item) => item.ok).length,
  failed: items.filter((item) => !item.ok).length,
  items: items.map((item) => ({ __typename: 'BulkItemResult', code: null, message: null, ...item })),
});

function api(extra: Record<string, Handler> = {}) {
  return fakeGraphQL({
    ProductChoices: {
      data: {
        products: connection('Product', [
          { id: 'x1', name: 'Echo', authentication: 'USER_KEY' },
          { id: 'x2', name: 'Orders', authentication: 'USER_KEY' },
        ]),
      },
    },
    SubscriptionList: ({ where }) => {
      const filter = where as { state?: string; productID?: string; hasAccountWith?: { orgNameContainsFold: string }[] };
      const all = [
        subscription('s1', 'Acme', 'PENDING'),
        subscription('s2', 'Globex', 'LIVE'),
        subscription('s3', 'Initech', 'SUSPENDED', { id: 'x2', name: 'Orders' }),
      ].filter(
        (item) =>
          (!filter.state || item.state === filter.state) &&
          (!filter.productID || item.product.id === filter.productID) &&
          (!filter.hasAccountWith || item.account.orgName.toLowerCase().includes(filter.hasAccountWith[0].orgNameContainsFold)),
      );
      return { data: { serviceSubscriptions: connection('ServiceSubscription', all) } };
    },
    ContractPlanChoices: {
      data: {
        plans: connection('Plan', [
          { id: 'sp1', name: 'Default', isDefault: true, approvalRequired: false },
          { id: 'sp2', name: 'Premium', isDefault: false, approvalRequired: true },
        ]),
      },
    },
    ...extra,
  });
}

const row = (name: string) => screen.getByRole('link', { name }).closest('tr') as HTMLElement;

describe('SubscriptionListView', () => {
  it('lists every subscription and filters by state, product and account', async () => {
    const user = userEvent.setup();
    const fake = api();
    renderScreen(<SubscriptionListView />, { client: fake.client });

    await screen.findByRole('link', { name: 'Acme' });
    expect(row('Acme')).toHaveTextContent(/Echo.*Default.*Pending/);
    await user.click(screen.getByRole('button', { name: 'Product: Any' }));
    await user.click(screen.getByRole('option', { name: 'Orders' }));
    await screen.findByRole('button', { name: 'Product: Orders' });
    expect(fake.callsOf('SubscriptionList').at(-1)).toMatchObject({ where: { productID: 'x2' } });
    await user.click(screen.getByRole('button', { name: 'State: Any' }));
    await user.click(screen.getByRole('option', { name: 'Suspended' }));
    expect(await screen.findByRole('link', { name: 'Initech' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Acme' })).not.toBeInTheDocument();
    expect(fake.callsOf('SubscriptionList').at(-1)).toMatchObject({ where: { productID: 'x2', state: 'SUSPENDED' } });

    await user.type(screen.getByRole('textbox', { name: 'Search by account' }), 'ini');
    await waitFor(() =>
      expect(fake.callsOf('SubscriptionList').at(-1)).toMatchObject({ where: { hasAccountWith: [{ orgNameContainsFold: 'ini' }] } }),
    );
  });

  it('accepts from the row menu, and unsubscribes only after confirmation', async () => {
    const user = userEvent.setup();
    const fake = api({
      AcceptServiceSubscription: { data: { acceptServiceSubscription: { __typename: 'ServiceSubscription', ...subscription('s1', 'Acme', 'LIVE') } } },
      Unsubscribe: { data: { unsubscribe: { __typename: 'DeletePayload', deletedID: 's2' } } },
    });
    renderScreen(<SubscriptionListView />, { client: fake.client });

    await screen.findByRole('link', { name: 'Acme' });
    await user.click(screen.getByRole('button', { name: 'Actions for Acme · Echo' }));
    expect(screen.getByRole('menuitem', { name: 'Reject' })).toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: 'Suspend' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('menuitem', { name: 'Accept' }));
    expect(await screen.findByText('Accepted the subscription Acme · Echo')).toBeInTheDocument();
    expect(fake.callsOf('AcceptServiceSubscription')).toEqual([{ id: 's1' }]);

    await user.click(screen.getByRole('button', { name: 'Actions for Globex · Echo' }));
    await user.click(screen.getByRole('menuitem', { name: 'Unsubscribe' }));
    const dialog = screen.getByRole('dialog', { name: /Unsubscribe\?/ });
    expect(dialog).toHaveTextContent('Globex will no longer be subscribed to Echo');
    expect(fake.callsOf('Unsubscribe')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Unsubscribe' }));
    expect(await screen.findByText('Ended the subscription Globex · Echo')).toBeInTheDocument();
    expect(fake.callsOf('Unsubscribe')).toEqual([{ id: 's2' }]);
  });

  it('changes the service plan of one subscription', async () => {
    const user = userEvent.setup();
    const fake = api({
      ChangeServiceSubscriptionPlan: {
        data: { changeServiceSubscriptionPlan: { __typename: 'ServiceSubscription', ...subscription('s2', 'Globex', 'LIVE'), plan: { __typename: 'Plan', id: 'sp2', name: 'Premium' } } },
      },
    });
    renderScreen(<SubscriptionListView />, { client: fake.client });

    await screen.findByRole('link', { name: 'Globex' });
    await user.click(screen.getByRole('button', { name: 'Actions for Globex · Echo' }));
    await user.click(screen.getByRole('menuitem', { name: 'Change plan' }));
    const dialog = screen.getByRole('dialog', { name: /Change service plan/ });
    const select = within(dialog).getByRole('combobox', { name: 'New service plan' });
    await within(select).findByRole('option', { name: 'Premium · requires approval' });
    expect(within(select).queryByRole('option', { name: /Default/ })).not.toBeInTheDocument();
    await user.selectOptions(select, 'sp2');
    await user.click(within(dialog).getByRole('button', { name: 'Change plan' }));
    expect(await screen.findByText('The subscription Globex · Echo is now on “Premium”')).toBeInTheDocument();
    expect(fake.callsOf('ChangeServiceSubscriptionPlan')).toEqual([{ id: 's2', planId: 'sp2' }]);
    expect(fake.callsOf('ContractPlanChoices')[0]).toEqual({ productId: 'x1', kind: 'SERVICE' });
  });

  it('suspends the live subscriptions among the selected ones and messages the subscribers', async () => {
    const user = userEvent.setup();
    const fake = api({
      BulkChangeServiceSubscriptionState: { data: { bulkChangeServiceSubscriptionState: bulk([{ id: 's2', ok: true }]) } },
      BulkMessageSubscribers: {
        data: { bulkMessageSubscribers: { __typename: 'BulkMessageResult', result: bulk([{ id: 's1', ok: true }, { id: 's2', ok: false, message: 'account not found' }]) } },
      },
    });
    renderScreen(<SubscriptionListView />, { client: fake.client });

    await screen.findByRole('link', { name: 'Acme' });
    await user.click(screen.getByRole('checkbox', { name: 'Select Acme · Echo' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Globex · Echo' }));
    const bar = screen.getByRole('group', { name: 'Bulk actions' });
    await user.click(within(bar).getByRole('button', { name: 'Suspend' }));
    const dialog = screen.getByRole('dialog', { name: /Suspend 1 subscription\?/ });
    await user.click(within(dialog).getByRole('button', { name: 'Suspend' }));
    const results = await screen.findByRole('dialog', { name: /Suspend subscriptions/ });
    expect(results).toHaveTextContent('Globex · Echo: suspended');
    expect(results).toHaveTextContent('Acme · Echo: skipped, it is pending');
    expect(fake.callsOf('BulkChangeServiceSubscriptionState')).toEqual([{ ids: ['s2'], event: 'SUSPEND' }]);
    await user.click(within(results).getByRole('button', { name: 'Done' }));

    await user.click(screen.getByRole('checkbox', { name: 'Select Acme · Echo' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Globex · Echo' }));
    await user.click(screen.getByRole('button', { name: 'Send message' }));
    const compose = screen.getByRole('dialog', { name: 'Send message to subscribers' });
    await user.type(within(compose).getByRole('textbox', { name: 'Subject' }), 'New version');
    await user.type(within(compose).getByRole('textbox', { name: 'Message' }), 'Echo v2 is out.');
    await user.click(within(compose).getByRole('button', { name: 'Send' }));
    const sent = await screen.findByRole('dialog', { name: /Message to subscribers/ });
    expect(within(sent).getByRole('status')).toHaveTextContent('1 of 2 done, 1 failed.');
    expect(fake.callsOf('BulkMessageSubscribers')).toEqual([{ ids: ['s1', 's2'], subject: 'New version', body: 'Echo v2 is out.' }]);
  });
});
