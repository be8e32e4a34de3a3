import { Label } from '@patternfly/react-core';
import type { IAction } from '@patternfly/react-table';
import { useMemo, useState, type ReactNode } from 'react';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import type { UserState } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage } from '../../graphql/useCursorPage';
import { userStateText } from '../../settings/components/userState';
import { suspendUserMutation, unsuspendUserMutation } from '../../settings/queries';
import { accountUsersQuery, activateUserMutation, updateUserFieldsMutation } from '../queries';
import { RecordFieldsModal } from './RecordFields';
import type { RecordField } from './fieldRules';

type UserAction = 'activate' | 'suspend' | 'unsuspend';

/** What can be done to a developer user in each state (§5.2: activate, suspend, unsuspend). */
const userActions: Record<UserState, UserAction[]> = {
  PENDING: ['activate'],
  EMAIL_UNVERIFIED: ['activate'],
  ACTIVE: ['suspend'],
  SUSPENDED: ['unsuspend'],
};

const verbs: Record<UserAction, { label: string; done: string }> = {
  activate: { label: 'Activate', done: 'Activated' },
  suspend: { label: 'Suspend', done: 'Suspended' },
  unsuspend: { label: 'Unsuspend', done: 'Unsuspended' },
};

const usersContext = { additionalTypenames: ['User'] };

interface UserRow {
  id: string;
  username: string;
}

type EditedUser = UserRow & { fields: readonly RecordField[] };

/** The developer users of an account, with their role and state, edited, activated or suspended from here. */
export function AccountUsers({ accountId, toolbarActions }: { accountId: string; toolbarActions?: ReactNode }) {
  const page = useCursorPage(10, 'users.');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: accountUsersQuery,
    variables: { accountId, ...page.variables },
    context: useMemo(() => usersContext, []),
  });
  const [, activate] = useMutation(activateUserMutation);
  const [, suspend] = useMutation(suspendUserMutation);
  const [, unsuspend] = useMutation(unsuspendUserMutation);
  const [, updateFields] = useMutation(updateUserFieldsMutation);
  const [suspending, setSuspending] = useState<UserRow | null>(null);
  const [editing, setEditing] = useState<EditedUser | null>(null);
  const notify = useNotify();

  async function apply(user: UserRow, action: UserAction) {
    const run = { activate, suspend, unsuspend }[action];
    const result = await run({ id: user.id }, usersContext);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not ${verbs[action].label.toLowerCase()} ${user.username}`, description: errorMessage(result.error) });
    } else {
      notify({ variant: 'success', title: `${verbs[action].done} ${user.username}` });
    }
  }

  const actionsFor = (user: EditedUser & { state: UserState }): IAction[] => [
    { title: 'Edit', onClick: () => setEditing(user) },
    ...userActions[user.state].map((action) => ({
      title: verbs[action].label,
      onClick: () => (action === 'suspend' ? setSuspending(user) : void apply(user, action)),
    })),
  ];

  return (
    <>
      <ListTable
        label="Users"
        rows={data ? nodes(data.users) : undefined}
        fetching={fetching}
        error={error}
        onRetry={() => refetch({ requestPolicy: 'network-only' })}
        toolbarActions={toolbarActions}
        pagination={data ? { page, totalCount: data.users.totalCount, pageInfo: data.users.pageInfo } : undefined}
        empty={
          <BlankState title="No users" size="sm" headingLevel="h3">
            Nobody can sign in for this account yet. Invite someone to join it.
          </BlankState>
        }
        rowLabel={(user) => user.username}
        rowActions={actionsFor}
        columns={[
          { title: 'Username', width: 20, cell: (user) => user.username },
          { title: 'Email', width: 25, cell: (user) => user.email },
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
              <Label
                isCompact
                variant="outline"
                status={user.state === 'ACTIVE' ? 'success' : user.state === 'SUSPENDED' ? 'danger' : 'warning'}
              >
                {userStateText[user.state]}
              </Label>
            ),
          },
          { title: 'Last sign-in', cell: (user) => <DateTime value={user.lastLoginAt} withTime /> },
        ]}
      />
      {editing ? (
        <RecordFieldsModal
          title={`Edit ${editing.username}`}
          description="Every field of the user, hidden and read-only ones included."
          idPrefix="edit-user"
          fields={editing.fields}
          save={async (fields) => (await updateFields({ id: editing.id, fields }, usersContext)).error}
          saved={(values) => `Saved ${values.username.trim()}`}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ConfirmDialog
        isOpen={suspending !== null}
        title={`Suspend ${suspending?.username ?? ''}?`}
        confirmLabel="Suspend"
        onConfirm={async () => {
          if (suspending) await apply(suspending, 'suspend');
          setSuspending(null);
        }}
        onCancel={() => setSuspending(null)}
      >
        {suspending?.username} will not be able to sign in to the Developer Portal until unsuspended.
      </ConfirmDialog>
    </>
  );
}
