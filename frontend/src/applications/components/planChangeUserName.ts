import type { PlanChangeUserFieldsFragment } from '../../gql/graphql';

/** Who asked for or answered a plan change: "Dana Dev (dana)", or the username alone when the user gave no name. */
export function planChangeUserName(user: PlanChangeUserFieldsFragment) {
  const full = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return full ? `${full} (${user.username})` : user.username;
}
