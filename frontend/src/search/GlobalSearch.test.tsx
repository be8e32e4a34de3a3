import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { expectLocation, fakeGraphQL, renderScreen } from '../test/graphql';
import { GlobalSearch } from './GlobalSearch';
import { isSearchShortcut } from './shortcut';

const userKey = '0123456789abcdef0123456789abcdef';

const answer = {
  data: {
    search: {
      __typename: 'SearchResult',
      accounts: [],
      applications: [
        {
          __typename: 'Application',
          id: '7',
          name: 'Checkout',
          userKey,
          appID: null,
          appKeys: [],
          account: { __typename: 'Account', id: '3', orgName: 'Beta LLC' },
          product: { __typename: 'Product', id: '2', name: 'Payments' },
        },
      ],
      products: [],
      backends: [],
      plans: [{ __typename: 'Plan', id: '9', name: 'Gold', kind: 'APPLICATION', product: { __typename: 'Product', id: '2', name: 'Payments' } }],
      users: [],
    },
  },
};

function key(init: KeyboardEventInit, target?: HTMLElement) {
  const event = new KeyboardEvent('keydown', init);
  if (target) Object.defineProperty(event, 'target', { value: target });
  return event;
}

describe('isSearchShortcut', () => {
  it('takes "/" outside text fields and Ctrl-K or ⌘-K anywhere', () => {
    const input = document.createElement('input');
    expect(isSearchShortcut(key({ key: '/' }, document.body))).toBe(true);
    expect(isSearchShortcut(key({ key: '/' }, input))).toBe(false);
    expect(isSearchShortcut(key({ key: 'k', ctrlKey: true }, input))).toBe(true);
    expect(isSearchShortcut(key({ key: 'K', metaKey: true }, document.body))).toBe(true);
    expect(isSearchShortcut(key({ key: 'k' }, document.body))).toBe(false);
  });
});

describe('GlobalSearch', () => {
  it('opens on "/", finds an application by its whole user key and leads to it', async () => {
    const api = fakeGraphQL({ GlobalSearch: answer });
    const user = userEvent.setup();
    renderScreen(<GlobalSearch />, { client: api.client, path: '/dashboard' });

    await user.keyboard('/');
    const box = await screen.findByRole('textbox', { name: /search accounts, applications/i });
    expect(screen.getByRole('status')).toHaveTextContent('Type at least two characters');
    await user.type(box, userKey);

    expect(await screen.findByRole('link', { name: 'Checkout' })).toBeInTheDocument();
    expect(screen.getByText(/Matched by its user key · Beta LLC on Payments/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Gold' })).toBeInTheDocument();
    expect(api.callsOf('GlobalSearch').at(-1)).toEqual({ query: userKey });

    await user.keyboard('{Enter}');
    await expectLocation('/audience/applications/7');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('says so when nothing matches, and asks the server nothing for one character', async () => {
    const api = fakeGraphQL({
      GlobalSearch: { data: { search: { __typename: 'SearchResult', accounts: [], applications: [], products: [], backends: [], plans: [], users: [] } } },
    });
    const user = userEvent.setup();
    renderScreen(<GlobalSearch />, { client: api.client });

    await user.click(screen.getByRole('button', { name: /search/i }));
    const box = await screen.findByRole('textbox', { name: /search accounts/i });
    await user.type(box, 'z');
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(api.callsOf('GlobalSearch')).toHaveLength(0);
    await user.type(box, 'q');
    expect(await screen.findByText('Nothing matches “zq”.')).toBeInTheDocument();
  });
});
