import type { MessageSenderFragment } from '../../gql/graphql';

type Person = NonNullable<MessageSenderFragment['senderUser']>;

/** A person as messages name them: "Jane Doe (jane)", or the username alone when there is no name. */
export function personName(user: Pick<Person, 'username' | 'firstName' | 'lastName'>): string {
  const full = [user.firstName, user.lastName]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(' ');
  return full ? `${full} (${user.username})` : user.username;
}
