import { Button, Flex, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ApplicationTable } from '../../applications/components/ApplicationTable';
import { newApplicationUrl } from '../../applications/urls';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { SectionCard } from '../../components/SectionCard';
import { countOf } from '../../components/plural';
import { useNotify } from '../../components/Notifications';
import { errorMessage } from '../../graphql/errors';
import { useHasSection } from '../../app/useHasSection';
import { AccountBilling } from '../../billing/components/AccountBilling';
import { AccountSubscriptions } from '../../subscriptions/components/AccountSubscriptions';
import { AccountInvitations } from '../components/AccountInvitations';
import { AccountMessages } from '../components/AccountMessages';
import { AccountStateLabel } from '../components/AccountStateLabel';
import { AccountUsers } from '../components/AccountUsers';
import { ChangeAccountPlanModal } from '../components/ChangeAccountPlanModal';
import { InviteDeveloperModal } from '../components/InviteDeveloperModal';
import { RecordFieldsModal } from '../components/RecordFields';
import { recordFieldDetails } from '../components/fieldRules';
import { permittedAccountActions, type accountActions, type AccountAction } from '../components/accountStates';
import { useAccountTransition } from '../components/useAccountTransition';
import { accountDetailQuery, changeAccountPlanMutation, deleteAccountMutation, updateAccountFieldsMutation } from '../queries';
import { accountsPath } from '../urls';

/**
 * Audience › Accounts › an account: details, state and plan actions, applications, users and their
 * invitations, subscriptions and the account's messages.
 */
export function AccountDetailView() {
  const { accountId = '' } = useParams();
  const finance = useHasSection('FINANCE');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: accountDetailQuery,
    variables: { id: accountId },
    context: useMemo(() => ({ additionalTypenames: ['Application', 'User'] }), []),
  });
  const account = data?.node?.__typename === 'Account' ? data.node : null;
  const [confirming, setConfirming] = useState<(typeof accountActions)[number] | null>(null);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [changingPlan, setChangingPlan] = useState(false);
  const [inviting, setInviting] = useState(false);
  const [, changeAccountPlan] = useMutation(changeAccountPlanMutation);
  const [busy, setBusy] = useState<AccountAction | null>(null);
  const transition = useAccountTransition();
  const [, deleteAccount] = useMutation(deleteAccountMutation);
  const [, updateFields] = useMutation(updateAccountFieldsMutation);
  const notify = useNotify();
  const navigate = useNavigate();

  async function apply(entry: (typeof accountActions)[number]) {
    if (!account) return;
    setConfirming(null);
    setBusy(entry.action);
    const failure = await transition(entry.action, account.id);
    setBusy(null);
    if (failure) notify({ variant: 'danger', title: `Could not ${entry.label.toLowerCase()} “${account.orgName}”`, description: errorMessage(failure) });
    else notify({ variant: 'success', title: `“${account.orgName}” was ${entry.done}` });
  }

  async function confirmDelete() {
    if (!account) return;
    const result = await deleteAccount({ id: account.id }, { additionalTypenames: ['Account', 'Application'] });
    setDeleting(false);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not delete “${account.orgName}”`, description: errorMessage(result.error) });
      return;
    }
    notify({ variant: 'success', title: `Deleted account “${account.orgName}”` });
    navigate(accountsPath);
  }

  const inviteButton = (
    <Button variant="secondary" onClick={() => setInviting(true)}>
      Invite user
    </Button>
  );

  const allowed = account ? permittedAccountActions(account.permittedEvents) : [];

  return (
    <DetailsPage
      title={account?.orgName ?? null}
      breadcrumbs={[{ label: 'Accounts', to: accountsPath }, { label: account?.orgName ?? 'Account' }]}
      fetching={fetching}
      error={error}
      found={!!account}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      actions={
        account ? (
          <Flex gap={{ default: 'gapSm' }} role="group" aria-label="Account actions">
            {allowed.map((entry) => (
              <Button
                key={entry.action}
                variant={entry.action === 'approve' || entry.action === 'resume' ? 'primary' : 'secondary'}
                isDanger={entry.destructive}
                isLoading={busy === entry.action}
                isDisabled={busy !== null}
                onClick={() => (entry.destructive ? setConfirming(entry) : void apply(entry))}
              >
                {entry.label}
              </Button>
            ))}
            <Button variant="secondary" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button variant="secondary" isDanger onClick={() => setDeleting(true)}>
              Delete
            </Button>
          </Flex>
        ) : null
      }
      details={
        account
          ? [
              { term: 'State', description: <AccountStateLabel state={account.state} /> },
              { term: 'State changed', description: <DateTime value={account.stateChangedAt} withTime /> },
              { term: 'Signed up', description: <DateTime value={account.createdAt} /> },
              {
                term: 'Account plan',
                description: (
                  <Flex gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsBaseline' }}>
                    <span>{account.plan?.name ?? 'None'}</span>
                    <Button variant="link" isInline onClick={() => setChangingPlan(true)} aria-label="Change account plan">
                      Change
                    </Button>
                  </Flex>
                ),
              },
              ...recordFieldDetails(account.fields, ['org_name']),
            ]
          : []
      }
    >
      {account ? (
        <>
          <SectionCard title={`Applications (${account.applications.totalCount})`}>
            <ApplicationTable
              accountId={account.id}
              prefix="apps."
              embedded
              toolbarActions={
                <ToolbarItem>
                  <Button variant="secondary" onClick={() => navigate(newApplicationUrl({ accountId: account.id }))}>
                    Create application
                  </Button>
                </ToolbarItem>
              }
            />
          </SectionCard>
          <SectionCard title={`Users (${account.users.totalCount})`}>
            <AccountUsers accountId={account.id} toolbarActions={<ToolbarItem>{inviteButton}</ToolbarItem>} />
          </SectionCard>
          <SectionCard title="Invitations">
            <AccountInvitations accountId={account.id} inviteButton={inviteButton} />
          </SectionCard>
          <SectionCard title={`Service subscriptions (${account.subscriptions.totalCount})`}>
            <AccountSubscriptions accountId={account.id} />
          </SectionCard>
          <SectionCard title="Messages">
            <AccountMessages account={account} />
          </SectionCard>
          {finance ? (
            <SectionCard title="Billing">
              <AccountBilling account={account} />
            </SectionCard>
          ) : null}
          {editing ? (
            <RecordFieldsModal
              title="Edit account"
              description="Every field of the account, hidden and read-only ones included. Developers must fill in required fields; you may leave them empty."
              idPrefix="edit-account"
              fields={account.fields}
              save={async (fields) => (await updateFields({ id: account.id, fields })).error}
              saved={(values) => `Saved account “${values.org_name.trim()}”`}
              onClose={() => setEditing(false)}
            />
          ) : null}
          {inviting ? <InviteDeveloperModal account={account} onClose={() => setInviting(false)} /> : null}
          {changingPlan ? (
            <ChangeAccountPlanModal
              title="Change account plan"
              description={`Move “${account.orgName}” to another account plan.`}
              currentPlanId={account.plan?.id}
              onSubmit={async (plan) => {
                const result = await changeAccountPlan({ id: account.id, planID: plan.id });
                if (result.error) return result.error;
                notify({ variant: 'success', title: `“${account.orgName}” is now on the plan “${plan.name}”` });
                setChangingPlan(false);
                return null;
              }}
              onClose={() => setChangingPlan(false)}
            />
          ) : null}
        </>
      ) : null}
      <ConfirmDialog
        isOpen={confirming !== null}
        title={`${confirming?.label ?? ''} “${account?.orgName ?? ''}”?`}
        confirmLabel={confirming?.label ?? ''}
        onConfirm={() => (confirming ? apply(confirming) : undefined)}
        onCancel={() => setConfirming(null)}
      >
        {confirming?.action === 'suspend'
          ? 'Its users cannot sign in and its applications are refused until the account is resumed.'
          : 'Its users cannot sign in to the Developer Portal.'}
      </ConfirmDialog>
      <ConfirmDialog isOpen={deleting} title="Delete account?" confirmLabel="Delete account" onConfirm={confirmDelete} onCancel={() => setDeleting(false)}>
        “{account?.orgName}” will be deleted with {countOf(account?.users.totalCount ?? 0, 'user')},{' '}
        {countOf(account?.applications.totalCount ?? 0, 'application')} and its subscriptions. This cannot be undone.
      </ConfirmDialog>
    </DetailsPage>
  );
}
