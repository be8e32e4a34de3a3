import { Button, Label, PageSection } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { SearchFilter } from '../../components/SearchFilter';
import type { UserWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage, useListFilter, useListSort } from '../../graphql/useCursorPage';
import { InviteUserModal } from '../components/InviteUserModal';
import { userStateText } from '../components/userState';
import { useIsAdmin } from '../components/useViewerRole';
import { deleteUserMutation, suspendUserMutation, unsuspendUserMutation, userListQuery } from '../queries';
import { invitationsPath, settingsPath, userUrl } from '../urls';

const listContext = { additionalTypenames: ['User'] };

/** Account Settings › Users › Listing: the people who administer this Portico account. */
export function UserListView() {
  const page = useCursorPage();
  const sort = useListSort(['USERNAME', 'EMAIL', 'CREATED_AT'] as const, 'USERNAME');
  const [search, setSearch] = useListFilter('q');
  const where: UserWhereInput = { accountIDIsNil: true, ...(search ? { usernameContainsFold: search } : {}) };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: userListQuery,
    variables: { ...page.variables, where, orderBy: sort.orderBy },
    context: useMemo(() => listContext, []),
  });
  const { isAdmin, viewerId } = useIsAdmin();
  const [inviting, setInviting] = useState(false);
  const [doomed, setDoomed] = useState<{ id: string; username: string } | null>(null);
  const [, suspendUser] = useMutation(suspendUserMutation);
  const [, unsuspendUser] = useMutation(unsuspendUserMutation);
  const [, deleteUser] = useMutation(deleteUserMutation);
  const notify = useNotify();
  const navigate = useNavigate();

  async function setSuspended(user: { id: string; username: string }, suspended: boolean) {
    const result = suspended ? await suspendUser({ id: user.id }) : await unsuspendUser({ id: user.id });
    if (result.error) {
      notify({
        variant: 'danger',
        title: `Could not ${suspended ? 'suspend' : 'unsuspend'} ${user.username}`,
        description: errorMessage(result.error),
      });
    } else {
      notify({ variant: 'success', title: `${suspended ? 'Suspended' : 'Unsuspended'} ${user.username}` });
    }
  }

  async function confirmDelete() {
    if (!doomed) return;
    const result = await deleteUser({ id: doomed.id }, listContext);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not delete ${doomed.username}`, description: errorMessage(result.error) });
    } else {
      notify({ variant: 'success', title: `Deleted ${doomed.username}` });
    }
    setDoomed(null);
  }

  const inviteButton = isAdmin ? (
    <Button variant="primary" onClick={() => setInviting(true)}>
      Invite user
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in to this Admin Portal. Admins have every right; members only the areas and products they are given."
        breadcrumbs={[{ label: 'Account Settings', to: settingsPath }, { label: 'Users' }]}
        actions={inviteButton}
      />
      <PageSection isFilled>
        <ListTable
          sort={sort}
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
          rowLabel={(user) => user.username}
          rowActions={
            isAdmin
              ? (user) => [
                  { title: 'Edit rights', onClick: () => void navigate(userUrl(user.id)) },
                  user.state === 'SUSPENDED'
                    ? { title: 'Unsuspend', onClick: () => void setSuspended(user, false) }
                    : { title: 'Suspend', onClick: () => void setSuspended(user, true), isDisabled: user.id === viewerId },
                  { isSeparator: true },
                  { title: 'Delete', onClick: () => setDoomed({ id: user.id, username: user.username }), isDisabled: user.id === viewerId },
                ]
              : undefined
          }
          columns={[
            {
              title: 'Username',
              sortField: 'USERNAME',
              width: 20,
              cell: (user) => (isAdmin ? <Link to={userUrl(user.id)}>{user.username}</Link> : user.username),
            },
            { title: 'Name', cell: (user) => [user.firstName, user.lastName].filter(Boolean).join(' ') || '—' },
            { title: 'Email', sortField: 'EMAIL', cell: (user) => user.email },
            {
              title: 'Role',
              cell: (user) => (
                <Label isCompact color={user.role === 'ADMIN' ? 'purple' : 'grey'}>
                  {user.role === 'ADMIN' ? 'Admin' : 'Member'}
                </Label>
              ),
            },
            {
              title: 'State',
              cell: (user) => (
                <Label isCompact variant="outline" status={user.state === 'ACTIVE' ? 'success' : 'warning'}>
                  {userStateText[user.state]}
                </Label>
              ),
            },
            { title: 'Last login', cell: (user) => <DateTime value={user.lastLoginAt} withTime /> },
          ]}
        />
      </PageSection>
      {inviting ? (
        <InviteUserModal
          onClose={() => setInviting(false)}
          onInvited={() => {
            setInviting(false);
            void navigate(invitationsPath);
          }}
        />
      ) : null}
      <ConfirmDialog
        isOpen={doomed !== null}
        title="Delete user?"
        confirmLabel="Delete"
        onConfirm={confirmDelete}
        onCancel={() => setDoomed(null)}
      >
        {doomed?.username} will no longer be able to sign in, and their access tokens stop working. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
