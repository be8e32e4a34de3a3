import { PageSection } from '@patternfly/react-core';
import type { IAction } from '@patternfly/react-table';
import { useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { accountUrl } from '../../accounts/urls';
import { ApplicationStateLabel } from '../../applications/components/ApplicationStateLabel';
import { applicationStateOptions } from '../../applications/components/applicationStates';
import { ContractBulkActions } from '../../applications/components/ContractBulkActions';
import { ContractPlanModal } from '../../applications/components/ContractPlanModal';
import { productChoicesQuery } from '../../applications/queries';
import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { SearchFilter } from '../../components/SearchFilter';
import { StateFilter } from '../../components/StateFilter';
import type { ServiceSubscriptionState, ServiceSubscriptionWhereInput, SubscriptionFieldsFragment } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage, useListFilter } from '../../graphql/useCursorPage';
import { productUrl } from '../../products/urls';
import {
  acceptServiceSubscriptionMutation,
  bulkChangeServiceSubscriptionPlanMutation,
  bulkChangeServiceSubscriptionStateMutation,
  bulkMessageSubscribersMutation,
  changeServiceSubscriptionPlanMutation,
  rejectServiceSubscriptionMutation,
  resumeServiceSubscriptionMutation,
  subscriptionListQuery,
  suspendServiceSubscriptionMutation,
  unsubscribeMutation,
} from '../queries';

type Subscription = SubscriptionFieldsFragment;

export interface SubscriptionTableProps {
  /** Only the subscriptions of this account (the account page). */
  accountId?: string;
  /** Keeps this list's page and filters apart from other lists on the same screen, e.g. "subs.". */
  prefix?: string;
  /** Buttons for the toolbar, e.g. "Subscribe to a product". */
  toolbarActions?: ReactNode;
  /** Inside a card rather than a page section of its own. */
  embedded?: boolean;
}

type RowDialog = { kind: 'suspend' | 'reject' | 'unsubscribe' | 'plan'; subscription: Subscription } | null;

const context = { additionalTypenames: ['ServiceSubscription'] };

/** "Acme · Echo API": a subscription is an account's contract with a product. */
const subscriptionName = (subscription: Subscription) => `${subscription.account.orgName} · ${subscription.product.name}`;

/** Service subscriptions of every account, or of one, with their approval, plan and bulk actions. */
export function SubscriptionTable({ accountId, prefix = '', toolbarActions, embedded }: SubscriptionTableProps) {
  const page = useCursorPage(20, prefix);
  const [search, setSearch] = useListFilter(`${prefix}q`);
  const [state, setState] = useListFilter(`${prefix}state`);
  const [product, setProduct] = useListFilter(`${prefix}product`);
  const [{ data: productData }] = useQuery({ query: productChoicesQuery });
  const productOptions = nodes(productData?.products).map((choice) => ({ value: choice.id, label: choice.name }));
  const where: ServiceSubscriptionWhereInput = {
    ...(accountId ? { accountID: accountId } : {}),
    ...(search ? { hasAccountWith: [{ orgNameContainsFold: search }] } : {}),
    ...(state ? { state: state as ServiceSubscriptionState } : {}),
    ...(product ? { productID: product } : {}),
  };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: subscriptionListQuery,
    variables: { ...page.variables, where },
    context: useMemo(() => context, []),
  });
  const filtered = search !== '' || state !== '' || product !== '';
  const rows = useMemo(() => (data ? nodes(data.serviceSubscriptions) : undefined), [data]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const chosen = (rows ?? []).filter((subscription) => selected.has(subscription.id));
  const [dialog, setDialog] = useState<RowDialog>(null);
  const notify = useNotify();
  const [, accept] = useMutation(acceptServiceSubscriptionMutation);
  const [, suspend] = useMutation(suspendServiceSubscriptionMutation);
  const [, resume] = useMutation(resumeServiceSubscriptionMutation);
  const [, reject] = useMutation(rejectServiceSubscriptionMutation);
  const [, unsubscribe] = useMutation(unsubscribeMutation);
  const [, changePlan] = useMutation(changeServiceSubscriptionPlanMutation);
  const [, bulkChangeState] = useMutation(bulkChangeServiceSubscriptionStateMutation);
  const [, bulkChangePlan] = useMutation(bulkChangeServiceSubscriptionPlanMutation);
  const [, bulkMessage] = useMutation(bulkMessageSubscribersMutation);

  async function act(kind: 'accept' | 'suspend' | 'resume' | 'reject' | 'unsubscribe', subscription: Subscription) {
    const id = subscription.id;
    const result =
      kind === 'accept'
        ? await accept({ id })
        : kind === 'suspend'
          ? await suspend({ id })
          : kind === 'resume'
            ? await resume({ id })
            : kind === 'reject'
              ? await reject({ id }, context)
              : await unsubscribe({ id }, context);
    setDialog(null);
    const name = subscriptionName(subscription);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not ${kind} the subscription ${name}`, description: errorMessage(result.error) });
      return;
    }
    const done = { accept: 'Accepted', suspend: 'Suspended', resume: 'Resumed', reject: 'Rejected and deleted', unsubscribe: 'Ended' }[kind];
    notify({ variant: 'success', title: `${done} the subscription ${name}` });
  }

  function rowActions(subscription: Subscription): IAction[] {
    const actions: IAction[] = [];
    // The server says which state changes the subscription allows now.
    for (const event of subscription.permittedEvents) {
      if (event === 'ACCEPT') actions.push({ title: 'Accept', onClick: () => void act('accept', subscription) });
      if (event === 'REJECT') actions.push({ title: 'Reject', isDanger: true, onClick: () => setDialog({ kind: 'reject', subscription }) });
      if (event === 'SUSPEND') actions.push({ title: 'Suspend', onClick: () => setDialog({ kind: 'suspend', subscription }) });
      if (event === 'RESUME') actions.push({ title: 'Resume', onClick: () => void act('resume', subscription) });
    }
    actions.push({ title: 'Change plan', onClick: () => setDialog({ kind: 'plan', subscription }) });
    actions.push({ isSeparator: true });
    actions.push({ title: 'Unsubscribe', isDanger: true, onClick: () => setDialog({ kind: 'unsubscribe', subscription }) });
    return actions;
  }

  const target = dialog?.subscription;
  const confirmation = {
    suspend: {
      title: 'Suspend subscription?',
      label: 'Suspend',
      text: `${target?.account.orgName} stays subscribed to ${target?.product.name} on “${target?.plan.name}”, suspended until it is resumed.`,
    },
    reject: {
      title: 'Reject subscription?',
      label: 'Reject',
      text: `The pending subscription of ${target?.account.orgName} to ${target?.product.name} is refused and deleted. This cannot be undone.`,
    },
    unsubscribe: {
      title: 'Unsubscribe?',
      label: 'Unsubscribe',
      text: `${target?.account.orgName} will no longer be subscribed to ${target?.product.name}: its subscription on “${target?.plan.name}” is deleted, and so is every application it has on ${target?.product.name}, whose keys stop working at once. This cannot be undone.`,
    },
  };
  const confirming = dialog && dialog.kind !== 'plan' ? confirmation[dialog.kind] : null;

  const table = (
    <ListTable
      label="Service subscriptions"
      rows={rows}
      fetching={fetching}
      error={error}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      selection={{ selected, onChange: setSelected, rowName: subscriptionName }}
      rowActions={rowActions}
      rowLabel={subscriptionName}
      filters={
        <>
          {accountId ? null : <SearchFilter label="Search by account" value={search} onChange={setSearch} />}
          <StateFilter label="State" options={applicationStateOptions} value={state} onChange={setState} />
          <StateFilter label="Product" options={productOptions} value={product} onChange={setProduct} />
        </>
      }
      toolbarActions={
        <>
          {toolbarActions}
          <ContractBulkActions
            noun="subscription"
            selected={chosen}
            name={subscriptionName}
            changeState={async (ids, event) => {
              const result = await bulkChangeState({ ids, event }, context);
              return { error: result.error, items: result.data?.bulkChangeServiceSubscriptionState.items };
            }}
            changePlan={async (ids, planId) => {
              const result = await bulkChangePlan({ ids, planId }, context);
              return { error: result.error, items: result.data?.bulkChangeServiceSubscriptionPlan.items };
            }}
            sendMessage={async (ids, subject, body) => {
              const result = await bulkMessage({ ids, subject, body });
              return { error: result.error, items: result.data?.bulkMessageSubscribers.result.items };
            }}
            onClear={() => setSelected(new Set())}
          />
        </>
      }
      pagination={
        data ? { page, totalCount: data.serviceSubscriptions.totalCount, pageInfo: data.serviceSubscriptions.pageInfo } : undefined
      }
      empty={
        filtered ? (
          <BlankState title="No subscriptions match" variant="noResults" size={embedded ? 'sm' : 'lg'} headingLevel={embedded ? 'h3' : 'h2'}>
            Change the search or the filters.
          </BlankState>
        ) : (
          <BlankState title="No service subscriptions" size={embedded ? 'sm' : 'lg'} headingLevel={embedded ? 'h3' : 'h2'}>
            {accountId
              ? 'The account is not subscribed to any product yet.'
              : 'Subscriptions appear here when developers sign up to a product, or when you subscribe an account to one.'}
          </BlankState>
        )
      }
      columns={[
        ...(accountId
          ? []
          : [
              {
                title: 'Account',
                width: 20 as const,
                cell: (subscription: Subscription) => (
                  <Link to={accountUrl(subscription.account.id)}>{subscription.account.orgName}</Link>
                ),
              },
            ]),
        {
          title: 'Product',
          cell: (subscription) => <Link to={productUrl(subscription.product.id)}>{subscription.product.name}</Link>,
        },
        { title: 'Service plan', cell: (subscription) => subscription.plan.name },
        { title: 'State', cell: (subscription) => <ApplicationStateLabel state={subscription.state} /> },
        { title: 'Created', cell: (subscription) => <DateTime value={subscription.createdAt} /> },
      ]}
    />
  );

  return (
    <>
      {embedded ? table : <PageSection isFilled>{table}</PageSection>}
      <ConfirmDialog
        isOpen={confirming !== null}
        title={confirming?.title ?? ''}
        confirmLabel={confirming?.label ?? ''}
        onConfirm={() => (dialog && dialog.kind !== 'plan' ? act(dialog.kind, dialog.subscription) : undefined)}
        onCancel={() => setDialog(null)}
      >
        {confirming?.text}
      </ConfirmDialog>
      {dialog?.kind === 'plan' ? (
        <ContractPlanModal
          title="Change service plan"
          description={`${dialog.subscription.account.orgName} is subscribed to ${dialog.subscription.product.name} on “${dialog.subscription.plan.name}”.`}
          productId={dialog.subscription.product.id}
          kind="SERVICE"
          currentPlanId={dialog.subscription.plan.id}
          onSubmit={async (planId, planName) => {
            const result = await changePlan({ id: dialog.subscription.id, planId });
            if (result.error) return result.error;
            notify({ variant: 'success', title: `The subscription ${subscriptionName(dialog.subscription)} is now on “${planName}”` });
            setDialog(null);
            return null;
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </>
  );
}
