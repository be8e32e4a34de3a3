import { useMemo, useState, type ReactNode } from 'react';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage, useListSort } from '../../graphql/useCursorPage';
import { resendInvitationMutation, revokeInvitationMutation } from '../../settings/queries';
import { accountInvitationsQuery } from '../queries';
import { InvitationStatusLabel } from './InvitationStatusLabel';

const invitationsContext = { additionalTypenames: ['Invitation'] };

/** The invitations sent to join a developer account, and where each stands. */
export function AccountInvitations({ accountId, inviteButton }: { accountId: string; inviteButton: ReactNode }) {
  const page = useCursorPage(10, 'invitations.');
  const sort = useListSort(['EMAIL', 'CREATED_AT', 'EXPIRES_AT'] as const, 'CREATED_AT', 'DESC', 'invitations.');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: accountInvitationsQuery,
    variables: { accountId, ...page.variables, orderBy: sort.orderBy },
    context: useMemo(() => invitationsContext, []),
  });
  const [, resend] = useMutation(resendInvitationMutation);
  const [, revoke] = useMutation(revokeInvitationMutation);
  const [revoking, setRevoking] = useState<{ id: string; email: string } | null>(null);
  const notify = useNotify();

  async function resendTo(invitation: { id: string; email: string }) {
    const result = await resend({ id: invitation.id }, invitationsContext);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not resend the invitation to ${invitation.email}`, description: errorMessage(result.error) });
    } else {
      notify({ variant: 'success', title: `Invitation sent again to ${invitation.email}`, description: 'The earlier link no longer works.' });
    }
  }

  async function confirmRevoke() {
    if (!revoking) return;
    const result = await revoke({ id: revoking.id }, invitationsContext);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not revoke the invitation to ${revoking.email}`, description: errorMessage(result.error) });
    } else {
      notify({ variant: 'success', title: `Revoked the invitation to ${revoking.email}` });
    }
    setRevoking(null);
  }

  return (
    <>
      <ListTable
        label="Invitations"
        rows={data ? nodes(data.invitations) : undefined}
        fetching={fetching}
        error={error}
        onRetry={() => refetch({ requestPolicy: 'network-only' })}
        pagination={data ? { page, totalCount: data.invitations.totalCount, pageInfo: data.invitations.pageInfo } : undefined}
        sort={sort}
        empty={
          <BlankState title="No invitations" size="xs" headingLevel="h3" actions={inviteButton}>
            Invite colleagues of this account’s developers to join it.
          </BlankState>
        }
        rowLabel={(invitation) => invitation.email}
        rowActions={(invitation) =>
          invitation.status === 'PENDING' || invitation.status === 'EXPIRED'
            ? [
                { title: 'Resend', onClick: () => void resendTo(invitation) },
                { title: 'Revoke', onClick: () => setRevoking({ id: invitation.id, email: invitation.email }) },
              ]
            : []
        }
        columns={[
          { title: 'Recipient', width: 30, sortField: 'EMAIL', cell: (invitation) => invitation.email },
          { title: 'Status', cell: (invitation) => <InvitationStatusLabel status={invitation.status} /> },
          { title: 'Sent', sortField: 'CREATED_AT', cell: (invitation) => <DateTime value={invitation.sentAt ?? invitation.createdAt} withTime /> },
          {
            title: 'Accepted / expires',
            sortField: 'EXPIRES_AT',
            cell: (invitation) =>
              invitation.acceptedAt ? (
                <>
                  Accepted <DateTime value={invitation.acceptedAt} withTime />
                </>
              ) : invitation.status === 'REVOKED' ? (
                '—'
              ) : (
                <>
                  {invitation.status === 'EXPIRED' ? 'Expired' : 'Expires'} <DateTime value={invitation.expiresAt} withTime />
                </>
              ),
          },
        ]}
      />
      <ConfirmDialog isOpen={revoking !== null} title="Revoke invitation?" confirmLabel="Revoke" onConfirm={confirmRevoke} onCancel={() => setRevoking(null)}>
        The link sent to {revoking?.email} will stop working.
      </ConfirmDialog>
    </>
  );
}
