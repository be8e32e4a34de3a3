import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, expectLocation, fakeGraphQL, renderScreen } from '../../test/graphql';
import { coreFields, recordField } from '../../test/recordFields';
import { ApplicationNewView } from './ApplicationNewView';

const handlers = {
  NewApplicationFields: { data: { newRecordFields: coreFields.application('', null).map((field) => ({ ...field, value: null })) } },
  AccountChoices: ({ search }: Record<string, unknown>) => ({
    data: {
      accounts: connection(
        'Account',
        [
          { id: 'a1', orgName: 'Acme', state: 'APPROVED' },
          { id: 'a2', orgName: 'Globex', state: 'PENDING' },
        ].filter((account) => !search || account.orgName.toLowerCase().includes(String(search).toLowerCase())),
      ),
    },
  }),
  ProductChoices: { data: { products: connection('Product', [{ id: 'x1', name: 'Echo', authentication: 'USER_KEY' }]) } },
  PlanChoices: {
    data: {
      plans: connection('Plan', [
        { id: 'p1', name: 'Basic', state: 'PUBLISHED', isDefault: false, approvalRequired: false },
        { id: 'p2', name: 'Pro', state: 'PUBLISHED', isDefault: true, approvalRequired: true },
      ]),
    },
  },
};

describe('ApplicationNewView', () => {
  it('picks the account with the keyboard, proposes the default plan, and creates the application', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      ...handlers,
      CreateApplication: { data: { createApplication: { __typename: 'Application', id: 'app9', name: 'Mobile', state: 'PENDING' } } },
    });
    renderScreen(<ApplicationNewView />, { client: api.client });

    await user.click(screen.getByRole('button', { name: 'Create application' }));
    expect(screen.getByText('Choose the account the application belongs to.')).toBeInTheDocument();
    expect(screen.getByText('Choose a product.')).toBeInTheDocument();
    expect(api.callsOf('CreateApplication')).toEqual([]);

    const account = screen.getByRole('combobox', { name: 'Account' });
    await user.type(account, 'glo');
    await screen.findByRole('option', { name: /Globex/ });
    expect(screen.queryByRole('option', { name: /Acme/ })).not.toBeInTheDocument();
    await user.keyboard('{ArrowDown}{Enter}');
    expect(account).toHaveValue('Globex');

    const product = screen.getByRole('combobox', { name: 'Product' });
    await within(product).findByRole('option', { name: 'Echo' });
    await user.selectOptions(product, 'x1');
    const plan = screen.getByRole('combobox', { name: 'Application plan' });
    await within(plan).findByRole('option', { name: /Pro \(default\)/ });
    expect(plan).toHaveValue('p2');

    await user.click(screen.getByRole('button', { name: 'Create application' }));
    expect(screen.getByText('Enter name.')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Mobile');
    await user.click(screen.getByRole('button', { name: 'Create application' }));

    await expectLocation('/audience/applications/app9');
    expect(api.callsOf('CreateApplication')).toEqual([
      { input: { accountID: 'a2', productID: 'x1', planID: 'p2', name: 'Mobile' } },
    ]);
  });

  it('starts from the account given in the address and maps a plan error to the plan field', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      ...handlers,
      AccountDetail: {
        data: {
          node: {
            __typename: 'Account',
            id: 'a1',
            orgName: 'Acme',
            state: 'APPROVED',
            createdAt: '2026-11-01T00:00:00Z',
            stateChangedAt: '2026-11-01T00:00:00Z',
            vatCode: null,
            billingAddress: null,
            plan: null,
            users: { __typename: 'UserConnection', totalCount: 0 },
            applications: { __typename: 'ApplicationConnection', totalCount: 0 },
            subscriptions: { __typename: 'ServiceSubscriptionConnection', totalCount: 0 },
          },
        },
      },
      CreateApplication: apiError('VALIDATION', 'plan_id: plan "Pro" belongs to another product', 'input.planID'),
    });
    renderScreen(<ApplicationNewView />, { client: api.client, path: '/audience/applications/new?account=a1&product=x1' });

    expect(await screen.findByDisplayValue('Acme')).toBeInTheDocument();
    await within(screen.getByRole('combobox', { name: 'Application plan' })).findByRole('option', { name: /Pro/ });
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'Web');
    await user.click(screen.getByRole('button', { name: 'Create application' }));

    expect(await screen.findByText('Plan "Pro" belongs to another product')).toBeInTheDocument();
    expect(api.callsOf('CreateApplication')[0]).toMatchObject({ input: { accountID: 'a1', productID: 'x1' } });
  });

  it('offers the defined application fields, sends the filled ones as extra fields, and shows a refusal next to its field', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      ...handlers,
      NewApplicationFields: {
        data: {
          newRecordFields: [
            recordField('name', 'App name', { kind: 'CORE', required: true, nonEmpty: true, hint: 'Shown to developers' }),
            recordField('description', 'Description', { kind: 'CORE', defined: false }),
            recordField('purpose', 'Purpose', { choices: ['test', 'production'], required: true }),
            recordField('cost_center', 'Cost center', { hidden: true }),
            recordField('ticket', 'Ticket'),
            recordField('legacy', 'legacy', { defined: false, value: null }),
          ],
        },
      },
      CreateApplication: apiError('VALIDATION', 'cost_center: is too long', 'input.extraFields.cost_center'),
    });
    renderScreen(<ApplicationNewView />, { client: api.client, path: '/audience/applications/new?product=x1' });

    const account = screen.getByRole('combobox', { name: 'Account' });
    await user.type(account, 'acm');
    await screen.findByRole('option', { name: /Acme/ });
    await user.keyboard('{ArrowDown}{Enter}');
    await within(screen.getByRole('combobox', { name: 'Application plan' })).findByRole('option', { name: /Pro/ });

    // The definition's label and hint; a field no definition names is not offered.
    const name = await screen.findByRole('textbox', { name: 'App name' });
    expect(screen.getByText('Shown to developers.')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'legacy' })).not.toBeInTheDocument();
    expect(screen.getByText('Hidden from developers.')).toBeInTheDocument();
    // A required field binds developers only: the form leaves it to the admin.
    expect(screen.getByText('Developers must fill it in.')).toBeInTheDocument();

    await user.type(name, ' Web ');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Purpose' }), 'production');
    await user.type(screen.getByRole('textbox', { name: 'Cost center' }), 'CC-1');
    await user.click(screen.getByRole('button', { name: 'Create application' }));

    expect(await screen.findByText('Is too long')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Cost center' })).toHaveAccessibleDescription(/Is too long/);
    expect(api.callsOf('CreateApplication')).toEqual([
      { input: { accountID: 'a1', productID: 'x1', planID: 'p2', name: 'Web', extraFields: { purpose: 'production', cost_center: 'CC-1' } } },
    ]);
  });
});
