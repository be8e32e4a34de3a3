import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';

import { MessageSender } from './MessageSender';

const acme = { __typename: 'Account' as const, id: 'a1', orgName: 'Acme' };
const user = (firstName: string | null, lastName: string | null) => ({ __typename: 'User' as const, id: 'u1', username: 'jane', firstName, lastName });

describe('MessageSender', () => {
  const show = (message: Parameters<typeof MessageSender>[0]['message']) =>
    render(
      <MemoryRouter>
        <p data-testid="sender">
          <MessageSender message={message} />
        </p>
      </MemoryRouter>,
    );

  it('names the person of their account', () => {
    show({ __typename: 'Message', senderAccount: acme, senderUser: user('Jane', 'Doe') });
    expect(screen.getByTestId('sender')).toHaveTextContent('Jane Doe (jane) of Acme');
    expect(screen.getByRole('link', { name: 'Acme' })).toHaveAttribute('href', '/audience/accounts/a1');
  });

  it('names only the account once the person is deleted', () => {
    show({ __typename: 'Message', senderAccount: acme, senderUser: null });
    expect(screen.getByTestId('sender')).toHaveTextContent(/^Acme$/);
  });

  it('says the account is gone when there is none', () => {
    show({ __typename: 'Message', senderAccount: null, senderUser: null });
    expect(screen.getByTestId('sender')).toHaveTextContent('Deleted account');
  });
});
