import { Label, PageSection } from '@patternfly/react-core';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { SearchFilter } from '../../components/SearchFilter';
import type { UserState, UserWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { useCursorPage, useListFilter } from '../../graphql/useCursorPage';
import { settingsPath } from '../urls';
import { userListQuery } from '../queries';

const stateText: Record<UserState, string> = {
  PENDING: 'Pending',
  ACTIVE: 'Active',
  SUSPENDED: 'Suspended',
  EMAIL_UNVERIFIED: 'Email unverified',
};

/** Account Settings › Users › Listing: the people who administer this Portico account. */
export function UserListView() {
  const page = useCursorPage();
  const [search, setSearch] = useListFilter('q');
  const where: UserWhereInput = { accountIDIsNil: true, ...(search ? { usernameContainsFold: search } : {}) };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: userListQuery,
    variables: { ...page.variables, where },
  });

  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in to this Admin Portal."
        breadcrumbs={[{ label: 'Account Settings', to: settingsPath }, { label: 'Users' }]}
      />
      <PageSection isFilled>
        <ListTable
          label="Users"
          rows={data ? nodes(data.users) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          filters={<SearchFilter label="Search by username" value={search} onChange={setSearch} />}
          pagination={data ? { page, totalCount: data.users.totalCount, pageInfo: data.users.pageInfo } : undefined}
          empty={
            <BlankState title={search ? 'No users match' : 'No users'} variant={search ? 'noResults' : 'empty'}>
              {search ? 'Change the search.' : 'Users of this account appear here.'}
            </BlankState>
          }
          columns={[
            { title: 'Username', width: 20, cell: (user) => user.username },
            { title: 'Name', cell: (user) => [user.firstName, user.lastName].filter(Boolean).join(' ') || '—' },
            { title: 'Email', cell: (user) => user.email },
            { title: 'Role', cell: (user) => (user.role === 'ADMIN' ? 'Admin' : 'Member') },
            {
              title: 'State',
              cell: (user) => (
                <Label isCompact variant="outline" status={user.state === 'ACTIVE' ? 'success' : 'warning'}>
                  {stateText[user.state]}
                </Label>
              ),
            },
            { title: 'Last login', cell: (user) => <DateTime value={user.lastLoginAt} withTime /> },
          ]}
        />
      </PageSection>
    </>
  );
}
