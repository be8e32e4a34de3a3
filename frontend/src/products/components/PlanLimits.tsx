import { Button, Card, CardBody, CardHeader, CardTitle, Title, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField, TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { integerProblem, problems } from '../../components/validation';
import type { UsageLimitPeriod } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage, useListSort } from '../../graphql/useCursorPage';
import { useMetricOptions } from '../../integration/components/metricOptions';
import { createUsageLimitMutation, deleteUsageLimitMutation, planLimitsQuery, updateUsageLimitMutation } from '../queries';
import { periodName, periodOptions, planMetricsWhere } from './planMetrics';

interface LimitRow {
  id: string;
  period: UsageLimitPeriod;
  value: number;
  metric: { id: string; friendlyName: string; parentID: string | null };
}

const context = { additionalTypenames: ['UsageLimit'] };
const fields = ['metricID', 'period', 'value'];

function LimitModal({
  planId,
  productId,
  limit,
  onClose,
}: {
  planId: string;
  productId: string;
  limit: LimitRow | null;
  onClose: () => void;
}) {
  const where = useMemo(() => planMetricsWhere(productId), [productId]);
  const { options } = useMetricOptions(where);
  const [metricId, setMetricId] = useState(limit?.metric.id ?? '');
  const [period, setPeriod] = useState<UsageLimitPeriod>(limit?.period ?? 'MINUTE');
  const [value, setValue] = useState(limit ? String(limit.value) : '');
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, createLimit] = useMutation(createUsageLimitMutation);
  const [, updateLimit] = useMutation(updateUsageLimitMutation);
  const notify = useNotify();
  const chosenMetric = metricId || options[0]?.value || '';

  async function submit() {
    const found = problems({
      metricID: chosenMetric ? undefined : 'Choose a metric or method.',
      value: integerProblem(value, 0),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = limit
      ? await updateLimit({ id: limit.id, input: { period, value: Number(value) } })
      : await createLimit({ input: { planID: planId, metricID: chosenMetric, period, value: Number(value) } }, context);
    if (result.error) return report(result.error, limit ? 'Could not save the limit' : 'Could not add the limit');
    notify({ variant: 'success', title: limit ? 'Saved the limit' : `Added a limit of ${value} per ${periodName(period).toLowerCase()}` });
    onClose();
  }

  return (
    <FormModal
      isOpen
      title={limit ? `Edit limit on ${limit.metric.friendlyName}` : 'New usage limit'}
      description="Calls beyond the limit in the period are refused. A limit of 0 disables the metric for this plan."
      submitLabel={limit ? 'Save' : 'Add limit'}
      onSubmit={submit}
      onClose={onClose}
    >
      <SelectField
        id="limit-metric"
        label="Metric or method"
        isRequired
        isDisabled={!!limit}
        value={chosenMetric}
        onChange={setMetricId}
        options={limit ? [{ value: limit.metric.id, label: limit.metric.friendlyName }] : options}
        error={errors.metricID}
      />
      <SelectField
        id="limit-period"
        label="Period"
        isRequired
        value={period}
        onChange={(next) => setPeriod(next as UsageLimitPeriod)}
        options={periodOptions}
        error={errors.period}
      />
      <TextField id="limit-value" label="Max. value" isRequired inputMode="numeric" value={value} onChange={setValue} error={errors.value} />
    </FormModal>
  );
}

/** The usage limits of a plan: one per metric and period. */
export function PlanLimits({ planId, productId }: { planId: string; productId: string }) {
  const page = useCursorPage(10, 'limits.');
  const sort = useListSort(['VALUE', 'PERIOD', 'CREATED_AT'] as const, 'CREATED_AT', 'ASC', 'limits.');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: planLimitsQuery,
    variables: { planId, ...page.variables, orderBy: sort.orderBy },
    context: useMemo(() => context, []),
  });
  const [editing, setEditing] = useState<LimitRow | 'new' | null>(null);
  const [doomed, setDoomed] = useState<LimitRow | null>(null);
  const [, deleteLimit] = useMutation(deleteUsageLimitMutation);
  const notify = useNotify();

  async function confirmDelete() {
    if (!doomed) return;
    const result = await deleteLimit({ id: doomed.id }, context);
    if (result.error) notify({ variant: 'danger', title: 'Could not delete the limit', description: errorMessage(result.error) });
    else notify({ variant: 'success', title: `Deleted the ${periodName(doomed.period).toLowerCase()} limit on ${doomed.metric.friendlyName}` });
    setDoomed(null);
  }

  const addButton = (
    <Button variant="secondary" onClick={() => setEditing('new')}>
      Add limit
    </Button>
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            Limits
          </Title>
        </CardTitle>
      </CardHeader>
      <CardBody>
        <ListTable
          label="Usage limits"
          rows={data ? nodes(data.usageLimits) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          toolbarActions={<ToolbarItem>{addButton}</ToolbarItem>}
          pagination={data ? { page, totalCount: data.usageLimits.totalCount, pageInfo: data.usageLimits.pageInfo } : undefined}
          sort={sort}
          empty={
            <BlankState title="No limits" size="sm" headingLevel="h3">
              Applications on this plan may use every metric without limit.
            </BlankState>
          }
          rowLabel={(limit) => `${limit.metric.friendlyName} per ${periodName(limit.period).toLowerCase()}`}
          rowActions={(limit) => [
            { title: 'Edit', onClick: () => setEditing(limit) },
            { isSeparator: true },
            { title: 'Delete', isDanger: true, onClick: () => setDoomed(limit) },
          ]}
          columns={[
            { title: 'Metric or method', width: 40, cell: (limit) => limit.metric.friendlyName },
            { title: 'Period', sortField: 'PERIOD', cell: (limit) => periodName(limit.period) },
            { title: 'Max. value', sortField: 'VALUE', cell: (limit) => limit.value.toLocaleString('en') },
          ]}
        />
      </CardBody>
      {editing ? (
        <LimitModal planId={planId} productId={productId} limit={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
      <ConfirmDialog isOpen={doomed !== null} title="Delete limit?" confirmLabel="Delete" onConfirm={confirmDelete} onCancel={() => setDoomed(null)}>
        Applications on this plan will no longer be limited to {doomed?.value} per {doomed ? periodName(doomed.period).toLowerCase() : ''} on “
        {doomed?.metric.friendlyName}”.
      </ConfirmDialog>
    </Card>
  );
}
