import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { connection, fakeGraphQL, renderScreen } from '../../test/graphql';
import { DashboardView } from './DashboardView';

describe('DashboardView', () => {
  it('tells a member without any area whom to ask, naming the admins', async () => {
    const api = fakeGraphQL({
      ViewerSections: { data: { viewer: { __typename: 'Viewer', user: { __typename: 'User', id: 'u2', role: 'MEMBER', sections: [] } } } },
      TeamAdmins: {
        data: {
          users: connection('User', [{ id: 'u1', username: 'jane', email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe' }]),
        },
      },
    });
    renderScreen(<DashboardView />, { client: api.client });

    expect(await screen.findByRole('heading', { name: 'No access yet' })).toBeInTheDocument();
    expect(
      await screen.findByText(/Ask an admin \(Jane Doe, jane@example\.com\) to grant you access in Account Settings › Users\./),
    ).toBeInTheDocument();
    expect(api.callsOf('Dashboard')).toEqual([]);
  });
});
