import { Button, Label, PageSection, type LabelProps } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import type { InvitationStatus } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage, useListSort } from '../../graphql/useCursorPage';
import { InviteUserModal } from '../components/InviteUserModal';
import { invitationsQuery, resendInvitationMutation, revokeInvitationMutation } from '../queries';
import { settingsPath, usersPath } from '../urls';

const statusLabel: Record<InvitationStatus, { text: string; status?: LabelProps['status']; color?: LabelProps['color'] }> = {
  PENDING: { text: 'Pending', color: 'blue' },
  ACCEPTED: { text: 'Accepted', status: 'success' },
  EXPIRED: { text: 'Expired', status: 'warning' },
  REVOKED: { text: 'Revoked', color: 'grey' },
};

const listContext = { additionalTypenames: ['Invitation'] };

/** Account Settings › Users › Invitations: team invitations sent by email, and where each stands. */
export function InvitationsView() {
  const page = useCursorPage();
  const sort = useListSort(['EMAIL', 'CREATED_AT', 'EXPIRES_AT'] as const, 'CREATED_AT', 'DESC');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: invitationsQuery,
    variables: { ...page.variables, orderBy: sort.orderBy },
    context: useMemo(() => listContext, []),
  });
  const [inviting, setInviting] = useState(false);
  const [doomed, setDoomed] = useState<{ id: string; email: string } | null>(null);
  const [, resend] = useMutation(resendInvitationMutation);
  const [, revoke] = useMutation(revokeInvitationMutation);
  const notify = useNotify();

  async function resendTo(invitation: { id: string; email: string }) {
    const result = await resend({ id: invitation.id });
    if (result.error) {
      notify({ variant: 'danger', title: `Could not resend the invitation to ${invitation.email}`, description: errorMessage(result.error) });
    } else {
      notify({ variant: 'success', title: `Invitation sent again to ${invitation.email}`, description: 'The earlier link no longer works.' });
    }
  }

  async function confirmRevoke() {
    if (!doomed) return;
    const result = await revoke({ id: doomed.id });
    if (result.error) {
      notify({ variant: 'danger', title: `Could not revoke the invitation to ${doomed.email}`, description: errorMessage(result.error) });
    } else {
      notify({ variant: 'success', title: `Revoked the invitation to ${doomed.email}` });
    }
    setDoomed(null);
  }

  const inviteButton = (
    <Button variant="primary" onClick={() => setInviting(true)}>
      Invite user
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Invitations"
        description="Invitations to join the team. A link works once, for seven days."
        breadcrumbs={[{ label: 'Account Settings', to: settingsPath }, { label: 'Users', to: usersPath }, { label: 'Invitations' }]}
        actions={error ? null : inviteButton}
      />
      <PageSection isFilled>
        <ListTable
          label="Invitations"
          rows={data ? nodes(data.invitations) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          pagination={data ? { page, totalCount: data.invitations.totalCount, pageInfo: data.invitations.pageInfo } : undefined}
          sort={sort}
          empty={
            <BlankState title="No invitations" actions={inviteButton}>
              Invite people from your organization to share the work of managing your APIs.
            </BlankState>
          }
          rowLabel={(invitation) => invitation.email}
          rowActions={(invitation) =>
            invitation.status === 'PENDING' || invitation.status === 'EXPIRED'
              ? [
                  { title: 'Resend', onClick: () => void resendTo(invitation) },
                  { title: 'Revoke', onClick: () => setDoomed({ id: invitation.id, email: invitation.email }) },
                ]
              : []
          }
          columns={[
            { title: 'Email', width: 30, sortField: 'EMAIL', cell: (invitation) => invitation.email },
            {
              title: 'Status',
              cell: (invitation) => {
                const label = statusLabel[invitation.status];
                return (
                  <Label isCompact variant="outline" status={label.status} color={label.color}>
                    {label.text}
                  </Label>
                );
              },
            },
            { title: 'Sent', sortField: 'CREATED_AT', cell: (invitation) => <DateTime value={invitation.sentAt ?? invitation.createdAt} withTime /> },
            {
              title: 'Expires / accepted',
              sortField: 'EXPIRES_AT',
              cell: (invitation) =>
                invitation.acceptedAt ? (
                  <>
                    Accepted <DateTime value={invitation.acceptedAt} withTime />
                  </>
                ) : invitation.status === 'REVOKED' ? (
                  '—'
                ) : (
                  <DateTime value={invitation.expiresAt} withTime />
                ),
            },
          ]}
        />
      </PageSection>
      {inviting ? <InviteUserModal onClose={() => setInviting(false)} onInvited={() => setInviting(false)} /> : null}
      <ConfirmDialog
        isOpen={doomed !== null}
        title="Revoke invitation?"
        confirmLabel="Revoke"
        onConfirm={confirmRevoke}
        onCancel={() => setDoomed(null)}
      >
        The link sent to {doomed?.email} will stop working. You can invite them again later.
      </ConfirmDialog>
    </>
  );
}
