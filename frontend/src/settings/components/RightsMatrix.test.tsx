import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { apiError, connection, fakeGraphQL, renderScreen } from '../../test/graphql';
import { UserEditView } from '../views/UserEditView';
import { RightsMatrix, type Rights } from './RightsMatrix';

const products = [
  { id: 'p1', name: 'Echo API', systemName: 'echo' },
  { id: 'p2', name: 'Weather API', systemName: 'weather' },
];

function Harness({ initial, onChange }: { initial: Rights; onChange: (rights: Rights) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <RightsMatrix
      value={value}
      products={products}
      onChange={(next) => {
        setValue(next);
        onChange(next);
      }}
    />
  );
}

const member: Rights = { role: 'MEMBER', sections: [], allProducts: false, productIds: [] };

describe('RightsMatrix', () => {
  it('hides areas and products for an admin', () => {
    render(<Harness initial={{ ...member, role: 'ADMIN' }} onChange={vi.fn()} />);
    expect(screen.getByRole('radio', { name: /Admin/ })).toBeChecked();
    expect(screen.queryByRole('checkbox', { name: /Analytics/ })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Rights by product')).not.toBeInTheDocument();
  });

  it('lets a member be given areas with their descriptions, and shows the effective access per product', async () => {
    const onChange = vi.fn();
    render(<Harness initial={member} onChange={onChange} />);
    expect(screen.getByText(/Traffic and usage statistics/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('checkbox', { name: /Developer accounts & applications/ }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Give access to Echo API' }));
    expect(onChange).toHaveBeenLastCalledWith({ role: 'MEMBER', sections: ['PARTNERS'], allProducts: false, productIds: ['p1'] });

    const table = screen.getByLabelText('Rights by product');
    const [echo, weather] = within(table).getAllByRole('row').slice(1);
    expect(within(echo).getAllByRole('img', { name: 'Allowed' })).toHaveLength(1);
    expect(within(weather).queryAllByRole('img', { name: 'Allowed' })).toHaveLength(0);
  });

  it('covers every product, and locks the list, with "all current and future products"', async () => {
    const onChange = vi.fn();
    render(<Harness initial={{ ...member, sections: ['PLANS', 'MONITORING'] }} onChange={onChange} />);
    await userEvent.click(screen.getByRole('radio', { name: 'All current and future products' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ allProducts: true }));
    expect(screen.getByRole('checkbox', { name: 'Give access to Weather API' })).toBeDisabled();
    expect(screen.getAllByRole('img', { name: 'Allowed' })).toHaveLength(4);
  });
});

const userAnswer = (role: 'ADMIN' | 'MEMBER' = 'ADMIN') => ({
  data: {
    viewer: { __typename: 'Viewer', user: { __typename: 'User', id: 'me', role } },
    node: {
      __typename: 'User',
      id: 'u2',
      username: 'jane',
      email: 'jane@example.com',
      firstName: 'Jane',
      lastName: null,
      role: 'MEMBER',
      state: 'ACTIVE',
      lastLoginAt: null,
      sections: ['PARTNERS'],
      allProducts: false,
      productIds: ['p2'],
      accountID: null,
    },
    products: connection('Product', products),
  },
});

describe('UserEditView', () => {
  it('saves the rights of a member', async () => {
    const api = fakeGraphQL({
      UserRights: userAnswer(),
      UpdateUserPermissions: (variables) => ({
        data: { updateUserPermissions: { __typename: 'User', id: variables.id, role: 'MEMBER', sections: ['PARTNERS', 'MONITORING'], allProducts: false, productIds: ['p2'] } },
      }),
    });
    renderScreen(<UserEditView />, { client: api.client, path: '/settings/users/u2', route: '/settings/users/:userId' });
    await userEvent.click(await screen.findByRole('checkbox', { name: /Analytics/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save rights' }));
    expect(await screen.findByText('Saved the rights of jane')).toBeInTheDocument();
    expect(api.callsOf('UpdateUserPermissions')[0]).toEqual({
      id: 'u2',
      input: { role: 'MEMBER', sections: ['PARTNERS', 'MONITORING'], allProducts: false, productIDs: ['p2'] },
    });
  });

  it('shows the conflict when the last admin would lose the role', async () => {
    const api = fakeGraphQL({
      UserRights: userAnswer(),
      UpdateUserPermissions: apiError('CONFLICT', 'the account must keep at least one admin'),
    });
    renderScreen(<UserEditView />, { client: api.client, path: '/settings/users/u2', route: '/settings/users/:userId' });
    await userEvent.click(await screen.findByRole('button', { name: 'Save rights' }));
    expect(await screen.findByText('the account must keep at least one admin')).toBeInTheDocument();
  });

  it('shows the not-permitted state to a member', async () => {
    const api = fakeGraphQL({ UserRights: userAnswer('MEMBER') });
    renderScreen(<UserEditView />, { client: api.client, path: '/settings/users/u2', route: '/settings/users/:userId' });
    expect(await screen.findByRole('heading', { name: 'Not permitted' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save rights' })).not.toBeInTheDocument();
  });
});
