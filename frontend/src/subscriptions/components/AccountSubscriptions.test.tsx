import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, fakeGraphQL, renderScreen, type Handler } from '../../test/graphql';
import { AccountSubscriptions } from './AccountSubscriptions';
import { accountEventsOf, contractEventsOf } from '../../test/stateEvents';

const echoSubscription = {
  id: 's1',
  state: 'LIVE',
  permittedEvents: contractEventsOf.LIVE,
  createdAt: '2026-11-01T00:00:00Z',
  acceptedAt: '2026-11-01T00:00:00Z',
  account: { __typename: 'Account', id: 'a1', orgName: 'Acme' },
  product: { __typename: 'Product', id: 'x1', name: 'Echo' },
  plan: { __typename: 'Plan', id: 'sp1', name: 'Default' },
};

function api(extra: Record<string, Handler> = {}) {
  return fakeGraphQL({
    AccountDetail: {
      data: {
        node: {
          __typename: 'Account',
          id: 'a1',
          orgName: 'Acme',
          state: 'APPROVED',
          permittedEvents: accountEventsOf.APPROVED,
          createdAt: '2026-11-01T00:00:00Z',
          stateChangedAt: '2026-11-01T00:00:00Z',
          vatCode: null,
          billingAddress: null,
          plan: null,
          users: { __typename: 'UserConnection', totalCount: 0 },
          applications: { __typename: 'ApplicationConnection', totalCount: 0 },
          subscriptions: { __typename: 'ServiceSubscriptionConnection', totalCount: 1 },
        },
      },
    },
    ProductChoices: {
      data: {
        products: connection('Product', [
          { id: 'x1', name: 'Echo', authentication: 'USER_KEY' },
          { id: 'x2', name: 'Orders', authentication: 'USER_KEY' },
        ]),
      },
    },
    SubscriptionList: { data: { serviceSubscriptions: connection('ServiceSubscription', [echoSubscription]) } },
    SubscribedProducts: { data: { serviceSubscriptions: connection('ServiceSubscription', [{ id: 's1', product: { __typename: 'Product', id: 'x1' } }]) } },
    ContractPlanChoices: ({ productId }) => ({
      data: {
        plans: connection(
          'Plan',
          productId === 'x2'
            ? [
                { id: 'sp7', name: 'Standard', isDefault: false, approvalRequired: false },
                { id: 'sp8', name: 'Gold', isDefault: true, approvalRequired: true },
              ]
            : [],
        ),
      },
    }),
    ...extra,
  });
}

describe('AccountSubscriptions', () => {
  it("lists only the account's subscriptions, without an account column", async () => {
    const fake = api();
    renderScreen(<AccountSubscriptions accountId="a1" />, { client: fake.client });

    const table = await screen.findByRole('grid', { name: 'Service subscriptions' });
    await within(table).findByRole('link', { name: 'Echo' });
    expect(within(table).queryByRole('columnheader', { name: 'Account' })).not.toBeInTheDocument();
    expect(screen.queryByRole('searchbox')).not.toBeInTheDocument();
    expect(fake.callsOf('SubscriptionList')[0]).toMatchObject({ where: { accountID: 'a1' } });
  });

  it('subscribes the account to a product it is not subscribed to, on its default service plan', async () => {
    const user = userEvent.setup();
    const fake = api({
      CreateServiceSubscription: {
        data: {
          createServiceSubscription: {
            __typename: 'ServiceSubscription',
            ...echoSubscription,
            id: 's2',
            state: 'PENDING',
            permittedEvents: contractEventsOf.PENDING,
            product: { __typename: 'Product', id: 'x2', name: 'Orders' },
            plan: { __typename: 'Plan', id: 'sp8', name: 'Gold' },
          },
        },
      },
    });
    renderScreen(<AccountSubscriptions accountId="a1" />, { client: fake.client });

    const open = await screen.findByRole('button', { name: 'Subscribe to a product' });
    await user.click(open);
    const dialog = screen.getByRole('dialog', { name: /Subscribe to a product/ });
    const product = within(dialog).getByRole('combobox', { name: 'Product' });
    await within(product).findByRole('option', { name: 'Orders' });
    expect(within(product).queryByRole('option', { name: 'Echo' })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Subscribe' }));
    expect(within(dialog).getByText('Choose a product.')).toBeInTheDocument();

    await user.selectOptions(product, 'x2');
    const plan = within(dialog).getByRole('combobox', { name: 'Service plan' });
    await within(plan).findByRole('option', { name: 'Gold (default) · requires approval' });
    expect(plan).toHaveValue('sp8');
    await user.click(within(dialog).getByRole('button', { name: 'Subscribe' }));

    expect(await screen.findByText('Subscribed Acme to Orders')).toBeInTheDocument();
    expect(screen.getByText(/requires approval: accept the subscription/)).toBeInTheDocument();
    expect(fake.callsOf('CreateServiceSubscription')).toEqual([{ input: { accountID: 'a1', productID: 'x2', planID: 'sp8' } }]);
  });

  it('shows a refused subscription next to the field it concerns', async () => {
    const user = userEvent.setup();
    const fake = api({ CreateServiceSubscription: apiError('CONFLICT', 'product_id: the account is already subscribed to this product', 'input.productID') });
    renderScreen(<AccountSubscriptions accountId="a1" />, { client: fake.client });

    await user.click(await screen.findByRole('button', { name: 'Subscribe to a product' }));
    const dialog = screen.getByRole('dialog', { name: /Subscribe to a product/ });
    const product = within(dialog).getByRole('combobox', { name: 'Product' });
    await within(product).findByRole('option', { name: 'Orders' });
    await user.selectOptions(product, 'x2');
    await within(within(dialog).getByRole('combobox', { name: 'Service plan' })).findByRole('option', { name: /Standard/ });
    await user.click(within(dialog).getByRole('button', { name: 'Subscribe' }));
    expect(await within(dialog).findByText('The account is already subscribed to this product')).toBeInTheDocument();
  });
});
