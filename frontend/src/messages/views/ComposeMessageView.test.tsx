import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, expectLocation, fakeGraphQL, renderScreen } from '../../test/graphql';
import { ComposeMessageView } from './ComposeMessageView';

const accounts = [
  { id: 'a1', orgName: 'Acme', state: 'APPROVED' },
  { id: 'a2', orgName: 'Acme Labs', state: 'PENDING' },
  { id: 'a3', orgName: 'Globex', state: 'APPROVED' },
];

const choices = ({ search }: Record<string, unknown>) => ({
  data: {
    accounts: connection(
      'Account',
      accounts.filter((account) => account.orgName.toLowerCase().includes(String(search ?? '').toLowerCase())),
    ),
  },
});

const bulkOutcome = (ids: string[], failed: string[] = []) => ({
  __typename: 'BulkResult',
  succeeded: ids.length - failed.length,
  failed: failed.length,
  items: ids.map((id) => ({
    __typename: 'BulkItemResult',
    id,
    ok: !failed.includes(id),
    code: failed.includes(id) ? 'NOT_FOUND' : null,
    message: failed.includes(id) ? `account ${id} not found` : null,
    field: null,
  })),
});

describe('ComposeMessageView', () => {
  it('sends to the account a link chose, then shows the sent message', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      AccountNames: { data: { accounts: connection('Account', [{ id: 'a1', orgName: 'Acme' }]) } },
      AccountChoices: choices,
      SendMessage: { data: { sendMessage: { __typename: 'Message', id: 'm9', subject: 'Hi' } } },
    });
    renderScreen(<ComposeMessageView />, { client: api.client, path: '/audience/messages/new?to=a1' });

    expect(await screen.findByText('Acme')).toBeInTheDocument();
    expect(api.callsOf('AccountNames')).toEqual([{ ids: ['a1'] }]);
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'Hi');
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Welcome');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    expect(await screen.findByText('Message sent to “Acme”')).toBeInTheDocument();
    expect(api.callsOf('SendMessage')).toEqual([{ accountID: 'a1', subject: 'Hi', body: 'Welcome' }]);
    await expectLocation('/audience/messages/sent/m9');
  });

  it('asks for recipients, a subject and a body before sending', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ AccountChoices: choices });
    renderScreen(<ComposeMessageView />, { client: api.client });
    await user.click(await screen.findByRole('button', { name: 'Send' }));
    expect(screen.getByText('Choose at least one account.')).toBeInTheDocument();
    expect(screen.getByText('Enter a subject.')).toBeInTheDocument();
    expect(screen.getByText('Enter the message.')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'To' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('searches accounts, sends to several with one bulk call and reports each delivery', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      AccountChoices: choices,
      BulkSendMessage: ({ accountIDs }) => ({
        data: {
          bulkSendMessage: {
            __typename: 'BulkMessageResult',
            message: { __typename: 'Message', id: 'm7', subject: 'News' },
            result: bulkOutcome(accountIDs as string[], ['a2']),
          },
        },
      }),
    });
    renderScreen(<ComposeMessageView />, { client: api.client });

    const to = await screen.findByRole('combobox', { name: 'To' });
    await user.type(to, 'acme');
    // Each match names the account and its state.
    const acme = await screen.findByRole('option', { name: /^Acme\s*Approved$/ });
    await user.click(acme);
    // Keyboard: arrows move through the matches, Enter adds one.
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(screen.getByRole('button', { name: 'Remove Acme' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove Acme Labs' })).toBeInTheDocument();
    expect(screen.getByText('2 accounts: each receives its own copy.')).toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'News');
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello all');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    const results = await screen.findByRole('dialog', { name: /Send message/ });
    expect(await within(results).findByText(/1 of 2 done, 1 failed/)).toBeInTheDocument();
    expect(within(results).getByText(/account a2 not found/)).toBeInTheDocument();
    expect(api.callsOf('BulkSendMessage')).toEqual([{ accountIDs: ['a1', 'a2'], subject: 'News', body: 'Hello all' }]);
    await user.click(within(results).getByRole('button', { name: 'Done' }));
    await expectLocation('/audience/messages/sent/m7');
  });

  it('removes a chosen account with its close button or Backspace', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      AccountNames: { data: { accounts: connection('Account', [{ id: 'a1', orgName: 'Acme' }, { id: 'a3', orgName: 'Globex' }]) } },
      AccountChoices: choices,
    });
    renderScreen(<ComposeMessageView />, { client: api.client, path: '/audience/messages/new?to=a1&to=a3' });
    await user.click(await screen.findByRole('button', { name: 'Remove Acme' }));
    expect(screen.queryByRole('button', { name: 'Remove Acme' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('combobox', { name: 'To' }));
    await user.keyboard('{Backspace}');
    expect(screen.queryByRole('button', { name: 'Remove Globex' })).not.toBeInTheDocument();
  });

  it('keeps the form and shows why when the API refuses the message', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      AccountNames: { data: { accounts: connection('Account', [{ id: 'a1', orgName: 'Acme' }]) } },
      AccountChoices: choices,
      SendMessage: apiError('NOT_FOUND', 'account a1 not found', 'accountID'),
    });
    renderScreen(<ComposeMessageView />, { client: api.client, path: '/audience/messages/new?to=a1' });
    await user.type(await screen.findByRole('textbox', { name: 'Subject' }), 'Hi');
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Welcome');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('It does not exist, or it was deleted.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Subject' })).toHaveValue('Hi');
  });
});
