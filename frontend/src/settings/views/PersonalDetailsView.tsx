import { useQuery } from 'urql';

import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { personalDetailsQuery } from '../queries';
import { settingsPath } from '../urls';

/** Account Settings › Personal › Personal Details. */
export function PersonalDetailsView() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: personalDetailsQuery });
  const user = data?.viewer.user;
  const fullName = [user?.firstName, user?.lastName].filter(Boolean).join(' ');

  return (
    <DetailsPage
      title={user ? 'Personal Details' : null}
      breadcrumbs={[{ label: 'Account Settings', to: settingsPath }, { label: 'Personal Details' }]}
      fetching={fetching}
      error={error}
      found={!!user}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      details={
        user
          ? [
              { term: 'Username', description: user.username },
              { term: 'Email', description: user.email },
              { term: 'Name', description: fullName || '—' },
              { term: 'Role', description: user.role === 'ADMIN' ? 'Admin' : 'Member' },
              { term: 'Last login', description: <DateTime value={user.lastLoginAt} withTime /> },
            ]
          : []
      }
    />
  );
}
