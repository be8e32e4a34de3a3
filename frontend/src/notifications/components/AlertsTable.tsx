import { Button, Label } from '@patternfly/react-core';
import { useCallback, useMemo } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { accountUrl } from '../../accounts/urls';
import { applicationUrl } from '../../applications/urls';
import { BlankState } from '../../components/BlankState';
import { DateTime } from '../../components/DateTime';
import { ListTable, type ListColumn } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import type { UsageAlertFieldsFragment, UsageAlertWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { useCursorPage } from '../../graphql/useCursorPage';
import { productUrl } from '../../products/urls';
import { periodName } from '../labels';
import { deleteUsageAlertsMutation, markUsageAlertsReadMutation, usageAlertsQuery } from '../queries';

const listContext = { additionalTypenames: ['UsageAlert'] };

/** The usage alerts of one product, or of every product the viewer may see. */
export function AlertsTable({ productId }: { productId?: string }) {
  const page = useCursorPage();
  const notify = useNotify();
  const where: UsageAlertWhereInput = useMemo(() => (productId ? { hasProductWith: [{ id: productId }] } : {}), [productId]);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: usageAlertsQuery,
    variables: { ...page.variables, where },
    context: useMemo(() => listContext, []),
  });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const [, markRead] = useMutation(markUsageAlertsReadMutation);
  const [, remove] = useMutation(deleteUsageAlertsMutation);
  const rows = useMemo(() => (data ? nodes(data.usageAlerts) : undefined), [data]);

  async function read(ids?: string[]) {
    const result = await markRead({ ids, productId: ids ? undefined : productId });
    if (result.error) {
      notify({ variant: 'danger', title: 'Could not mark the alerts read', description: result.error.graphQLErrors[0]?.message ?? result.error.message });
      return;
    }
    if (!ids) notify({ variant: 'success', title: 'Every alert is marked read' });
    refresh();
  }

  async function drop(alert: UsageAlertFieldsFragment) {
    const result = await remove({ ids: [alert.id] });
    if (result.error) {
      notify({ variant: 'danger', title: 'Could not delete the alert', description: result.error.graphQLErrors[0]?.message ?? result.error.message });
      return;
    }
    notify({ variant: 'success', title: `The ${alert.level} % alert of ${alert.application.name} was deleted` });
    refresh();
  }

  const columns: ListColumn<UsageAlertFieldsFragment>[] = [
    {
      title: 'Alert',
      cell: (alert) => (
        <>
          {!alert.readAt ? (
            <Label color="blue" isCompact className="pf-v6-u-mr-sm">
              New
            </Label>
          ) : null}
          {alert.level} % of the {periodName(alert.period)} limit of {alert.metricName}
        </>
      ),
    },
    {
      title: 'Application',
      cell: (alert) => (
        <>
          <Link to={applicationUrl(alert.application.id)}>{alert.application.name}</Link> ·{' '}
          <Link to={accountUrl(alert.application.account.id)}>{alert.application.account.orgName}</Link>
        </>
      ),
    },
    ...(productId ? [] : [{ title: 'Product', cell: (alert: UsageAlertFieldsFragment) => <Link to={productUrl(alert.product.id)}>{alert.product.name}</Link> }]),
    { title: 'Usage', cell: (alert) => `${alert.value.toLocaleString()} of ${alert.max.toLocaleString()}` },
    { title: 'When', cell: (alert) => <DateTime value={alert.createdAt} withTime /> },
  ];

  return (
    <ListTable
      label="Usage alerts"
      columns={columns}
      rows={rows}
      fetching={fetching}
      error={error}
      onRetry={refresh}
      empty={
        <BlankState title="No usage alerts">
          {productId
            ? 'No application of this product has reached an alert level yet.'
            : 'No application has reached an alert level yet. Set the levels on each product’s Alerts page.'}
        </BlankState>
      }
      rowLabel={(alert) => `${alert.level} % alert of ${alert.application.name}`}
      rowActions={(alert) => [
        ...(!alert.readAt ? [{ title: 'Mark read', onClick: () => void read([alert.id]) }] : []),
        { title: 'Delete', onClick: () => void drop(alert) },
      ]}
      toolbarActions={
        <Button variant="secondary" isDisabled={!rows || rows.length === 0} onClick={() => void read()}>
          Mark all read
        </Button>
      }
      pagination={data ? { page, totalCount: data.usageAlerts.totalCount, pageInfo: data.usageAlerts.pageInfo } : undefined}
    />
  );
}
