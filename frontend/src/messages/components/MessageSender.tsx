import { Link } from 'react-router';

import { accountUrl } from '../../accounts/urls';
import type { MessageSenderFragment } from '../../gql/graphql';
import { personName } from './personName';

/**
 * Who wrote a developer's message: "Jane Doe (jane) of Acme", with a link to the account. The
 * person is left out once their user is deleted.
 */
export function MessageSender({ message, strong = false }: { message: MessageSenderFragment; strong?: boolean }) {
  const { senderAccount: account, senderUser: user } = message;
  const person = user ? personName(user) : null;
  const Text = strong ? 'strong' : 'span';
  if (!account) return <Text>{person ?? 'Deleted account'}</Text>;
  const link = <Link to={accountUrl(account.id)}>{account.orgName}</Link>;
  return person ? (
    <Text>
      {person} of {link}
    </Text>
  ) : (
    <Text>{link}</Text>
  );
}
