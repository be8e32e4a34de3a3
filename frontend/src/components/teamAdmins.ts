import { useQuery } from 'urql';

import { graphql } from '../gql';
import { nodes } from '../graphql/connection';

const teamAdminsQuery = graphql(`
  query TeamAdmins {
    users(first: 3, where: { accountIDIsNil: true, role: ADMIN, state: ACTIVE }, orderBy: [{ field: USERNAME, direction: ASC }]) {
      totalCount
      edges {
        node {
          id
          username
          email
          firstName
          lastName
        }
      }
    }
  }
`);

export interface TeamAdmin {
  username: string;
  email: string;
  firstName?: string | null;
  lastName?: string | null;
}

/** The tenant's active admins (the first three by username), who grant members their rights. */
export function useTeamAdmins(): { admins: TeamAdmin[]; total: number } | undefined {
  const [{ data }] = useQuery({ query: teamAdminsQuery });
  return data ? { admins: nodes(data.users), total: data.users.totalCount } : undefined;
}

/**
 * Whom a member asks for access, in a sentence: "Ask an admin (Jane Doe, jane@example.com) to grant
 * you access in Account Settings › Users." Without known admins, the generic sentence.
 */
export function askAnAdmin(admins: readonly TeamAdmin[], total = admins.length): string {
  const where = 'in Account Settings › Users';
  if (admins.length === 0) return `Ask an admin of your Portico account to grant you access ${where}.`;
  const named = admins.map((admin) => {
    const name = [admin.firstName, admin.lastName].filter(Boolean).join(' ') || admin.username;
    return `${name}, ${admin.email}`;
  });
  const more = total > admins.length ? `; ${total - admins.length} more` : '';
  const who = admins.length === 1 ? 'an admin' : 'one of your admins';
  return `Ask ${who} (${named.join('; ')}${more}) to grant you access ${where}.`;
}
