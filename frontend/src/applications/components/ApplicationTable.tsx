import { PageSection } from '@patternfly/react-core';
import { useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { accountUrl } from '../../accounts/urls';
import { BlankState } from '../../components/BlankState';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { SearchFilter } from '../../components/SearchFilter';
import { StateFilter } from '../../components/StateFilter';
import type { ApplicationState, ApplicationWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { useCursorPage, useListFilter, useListSort } from '../../graphql/useCursorPage';
import { productUrl } from '../../products/urls';
import {
  applicationListQuery,
  applicationPlanFilterQuery,
  bulkChangeApplicationPlanMutation,
  bulkChangeApplicationStateMutation,
  bulkMessageApplicationOwnersMutation,
} from '../queries';
import { applicationUrl } from '../urls';
import { ApplicationStateLabel } from './ApplicationStateLabel';
import { applicationStateOptions } from './applicationStates';
import { ContractBulkActions } from './ContractBulkActions';

const bulkContext = { additionalTypenames: ['Application', 'Plan'] };

export interface ApplicationTableProps {
  /** Only the applications of this product (the product's Applications screen). */
  productId?: string;
  /** Only the applications of this account (the account page). */
  accountId?: string;
  /** Keeps this list's page and filters apart from other lists on the same screen, e.g. "apps.". */
  prefix?: string;
  /** Buttons for the toolbar, e.g. "Create application". */
  toolbarActions?: ReactNode;
  /** Inside a card rather than a page section of its own. */
  embedded?: boolean;
}

/** Applications of every product, or of one product or account, with bulk actions on the selected ones. */
export function ApplicationTable({ productId, accountId, prefix = '', toolbarActions, embedded }: ApplicationTableProps) {
  const page = useCursorPage(20, prefix);
  const [search, setSearch] = useListFilter(`${prefix}q`);
  const [state, setState] = useListFilter(`${prefix}state`);
  const [plan, setPlan] = useListFilter(`${prefix}plan`);
  const sort = useListSort(['NAME', 'CREATED_AT', 'STATE'] as const, 'CREATED_AT', 'DESC', prefix);
  const [{ data: planData }] = useQuery({
    query: applicationPlanFilterQuery,
    variables: {
      where: { kind: 'APPLICATION', originalIDIsNil: true, ...(productId ? { productID: productId } : {}) },
    },
  });
  const planOptions = (planData?.plans.edges ?? []).flatMap((edge) =>
    edge?.node
      ? [{ value: edge.node.id, label: productId ? edge.node.name : `${edge.node.name} (${edge.node.product?.name ?? ''})` }]
      : [],
  );
  const where: ApplicationWhereInput = {
    ...(productId ? { productID: productId } : {}),
    ...(accountId ? { accountID: accountId } : {}),
    // One box finds an application by its name or by any of its credentials
    // (user_key, app_id, or an OpenID Connect client id, which is the app_id).
    ...(search ? { or: [{ nameContainsFold: search }, { userKey: search }, { appID: search }] } : {}),
    ...(state ? { state: state as ApplicationState } : {}),
    ...(plan ? { planID: plan } : {}),
  };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: applicationListQuery,
    variables: { ...page.variables, where, orderBy: sort.orderBy },
    context: useMemo(() => ({ additionalTypenames: ['Application'] }), []),
  });
  const filtered = search !== '' || state !== '' || plan !== '';
  const rows = useMemo(() => (data ? nodes(data.applications) : undefined), [data]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // Only what is on screen can be selected: rows that left the page (paging, filters) drop out.
  const chosen = (rows ?? []).filter((application) => selected.has(application.id));
  const [, bulkChangeState] = useMutation(bulkChangeApplicationStateMutation);
  const [, bulkChangePlan] = useMutation(bulkChangeApplicationPlanMutation);
  const [, bulkMessage] = useMutation(bulkMessageApplicationOwnersMutation);

  const table = (
    <ListTable
      sort={sort}
      label="Applications"
      rows={rows}
      fetching={fetching}
      error={error}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      selection={{ selected, onChange: setSelected, rowName: (application) => application.name }}
      toolbarActions={
        <>
          {toolbarActions}
          <ContractBulkActions
            noun="application"
            selected={chosen}
            name={(application) => application.name}
            changeState={async (ids, event) => {
              const result = await bulkChangeState({ ids, event }, bulkContext);
              return { error: result.error, items: result.data?.bulkChangeApplicationState.items };
            }}
            changePlan={async (ids, planId) => {
              const result = await bulkChangePlan({ ids, planId }, bulkContext);
              return { error: result.error, items: result.data?.bulkChangeApplicationPlan.items };
            }}
            sendMessage={async (ids, subject, body) => {
              const result = await bulkMessage({ ids, subject, body });
              return { error: result.error, items: result.data?.bulkMessageApplicationOwners.result.items };
            }}
            onClear={() => setSelected(new Set())}
          />
        </>
      }
      filters={
        <>
          <SearchFilter
            label="Search by name, user key, app ID or client ID"
            value={search}
            onChange={setSearch}
            minWidth="44ch"
          />
          <StateFilter label="State" options={applicationStateOptions} value={state} onChange={setState} />
          <StateFilter label="Plan" options={planOptions} value={plan} onChange={setPlan} />
        </>
      }
      pagination={
        data
          ? { page, totalCount: data.applications.totalCount, pageInfo: data.applications.pageInfo }
          : undefined
      }
      empty={
        filtered ? (
          <BlankState title="No applications match" variant="noResults">
            Change the search or the state filter.
          </BlankState>
        ) : (
          <BlankState title="No applications yet">
            Applications appear here when developers subscribe to an application plan.
          </BlankState>
        )
      }
      columnChoice="applications"
      columns={[
        {
          title: 'Name',
          sortField: 'NAME',
          width: 25,
          cell: (application) => <Link to={applicationUrl(application.id)}>{application.name}</Link>,
        },
        ...(accountId
          ? []
          : [
              {
                title: 'Account',
                cell: (application: { account: { id: string; orgName: string } }) => (
                  <Link to={accountUrl(application.account.id)}>{application.account.orgName}</Link>
                ),
              },
            ]),
        ...(productId
          ? []
          : [
              {
                title: 'Product',
                cell: (application: { product: { id: string; name: string } }) => (
                  <Link to={productUrl(application.product.id)}>{application.product.name}</Link>
                ),
              },
            ]),
        { title: 'Plan', cell: (application) => application.plan.name },
        { title: 'Created', sortField: 'CREATED_AT', cell: (application) => <DateTime value={application.createdAt} /> },
        { title: 'State', sortField: 'STATE', cell: (application) => <ApplicationStateLabel state={application.state} /> },
      ]}
    />
  );
  return embedded ? table : <PageSection isFilled>{table}</PageSection>;
}
