import { Button, Card, CardBody, CardHeader, CardTitle, Title, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { useCurrency } from '../../app/useCurrency';
import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField, TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { formatMoney } from '../../components/money';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { integerProblem, moneyProblem, problems } from '../../components/validation';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage } from '../../graphql/useCursorPage';
import { useMetricOptions } from '../../integration/components/metricOptions';
import {
  createPricingRuleMutation,
  deletePricingRuleMutation,
  planPricingRulesQuery,
  updatePricingRuleMutation,
} from '../queries';
import { planMetricsWhere } from './planMetrics';

interface PricingRow {
  id: string;
  min: number;
  max: number | null;
  costPerUnit: string;
  metric: { id: string; friendlyName: string };
}

const context = { additionalTypenames: ['PricingRule'] };
const fields = ['metricID', 'min', 'max', 'costPerUnit'];

export function PricingRuleModal({
  planId,
  productId,
  rule,
  onClose,
}: {
  planId: string;
  productId: string;
  rule: PricingRow | null;
  onClose: () => void;
}) {
  const where = useMemo(() => planMetricsWhere(productId), [productId]);
  const { options } = useMetricOptions(where);
  const [metricId, setMetricId] = useState(rule?.metric.id ?? '');
  const [min, setMin] = useState(String(rule?.min ?? 1));
  const [max, setMax] = useState(rule?.max != null ? String(rule.max) : '');
  const [cost, setCost] = useState(rule?.costPerUnit ?? '');
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, createRule] = useMutation(createPricingRuleMutation);
  const [, updateRule] = useMutation(updatePricingRuleMutation);
  const notify = useNotify();
  const currency = useCurrency();
  const chosenMetric = metricId || options[0]?.value || '';

  async function submit() {
    const maxProblem =
      max.trim() === ''
        ? undefined
        : (integerProblem(max, 1) ?? (Number(max) < Number(min) ? 'Must not be less than From.' : undefined));
    const found = problems({
      metricID: chosenMetric ? undefined : 'Choose a metric or method.',
      min: integerProblem(min, 1),
      max: maxProblem,
      costPerUnit: moneyProblem(cost),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const values = { min: Number(min), costPerUnit: cost.trim() };
    const result = rule
      ? await updateRule({ id: rule.id, input: { ...values, ...(max.trim() ? { max: Number(max) } : { clearMax: true }) } })
      : await createRule(
          { input: { ...values, max: max.trim() ? Number(max) : undefined, planID: planId, metricID: chosenMetric } },
          context,
        );
    if (result.error) return report(result.error, rule ? 'Could not save the pricing rule' : 'Could not add the pricing rule');
    notify({ variant: 'success', title: rule ? 'Saved the pricing rule' : 'Added the pricing rule' });
    onClose();
  }

  return (
    <FormModal
      isOpen
      title={rule ? `Edit pricing rule on ${rule.metric.friendlyName}` : 'New pricing rule'}
      description="Each unit used in the month within the range costs the price per unit. Ranges of a metric may not overlap."
      submitLabel={rule ? 'Save' : 'Add pricing rule'}
      onSubmit={submit}
      onClose={onClose}
    >
      <SelectField
        id="pricing-metric"
        label="Metric or method"
        isRequired
        isDisabled={!!rule}
        value={chosenMetric}
        onChange={setMetricId}
        options={rule ? [{ value: rule.metric.id, label: rule.metric.friendlyName }] : options}
        error={errors.metricID}
      />
      <TextField id="pricing-min" label="From (unit)" isRequired inputMode="numeric" value={min} onChange={setMin} error={errors.min} />
      <TextField
        id="pricing-max"
        label="To (unit)"
        inputMode="numeric"
        value={max}
        onChange={setMax}
        error={errors.max}
        helper="Leave empty for no upper bound."
      />
      <TextField
        id="pricing-cost"
        label={currency ? `Cost per unit (${currency})` : 'Cost per unit'}
        isRequired
        inputMode="decimal"
        value={cost}
        onChange={setCost}
        error={errors.costPerUnit}
        helper="Up to 4 decimal places, e.g. 0.0025."
      />
    </FormModal>
  );
}

/** The pricing rules of a plan: price per unit by metric and usage range. */
export function PlanPricingRules({ planId, productId }: { planId: string; productId: string }) {
  const page = useCursorPage(10, 'pricing.');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: planPricingRulesQuery,
    variables: { planId, ...page.variables },
    context: useMemo(() => context, []),
  });
  const currency = useCurrency();
  const [editing, setEditing] = useState<PricingRow | 'new' | null>(null);
  const [doomed, setDoomed] = useState<PricingRow | null>(null);
  const [, deleteRule] = useMutation(deletePricingRuleMutation);
  const notify = useNotify();

  async function confirmDelete() {
    if (!doomed) return;
    const result = await deleteRule({ id: doomed.id }, context);
    if (result.error) notify({ variant: 'danger', title: 'Could not delete the pricing rule', description: errorMessage(result.error) });
    else notify({ variant: 'success', title: `Deleted a pricing rule on ${doomed.metric.friendlyName}` });
    setDoomed(null);
  }

  const addButton = (
    <Button variant="secondary" onClick={() => setEditing('new')}>
      Add pricing rule
    </Button>
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            Pricing rules
          </Title>
        </CardTitle>
      </CardHeader>
      <CardBody>
        <ListTable
          label="Pricing rules"
          rows={data && currency ? nodes(data.pricingRules) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          toolbarActions={<ToolbarItem>{addButton}</ToolbarItem>}
          pagination={data ? { page, totalCount: data.pricingRules.totalCount, pageInfo: data.pricingRules.pageInfo } : undefined}
          empty={
            <BlankState title="No pricing rules" size="sm" headingLevel="h3">
              Usage on this plan is free; the plan may still have a setup fee and a monthly cost.
            </BlankState>
          }
          rowLabel={(rule) => `${rule.metric.friendlyName} from ${rule.min}`}
          rowActions={(rule) => [
            { title: 'Edit', onClick: () => setEditing(rule) },
            { isSeparator: true },
            { title: 'Delete', isDanger: true, onClick: () => setDoomed(rule) },
          ]}
          columns={[
            { title: 'Metric or method', width: 40, cell: (rule) => rule.metric.friendlyName },
            { title: 'From', cell: (rule) => rule.min.toLocaleString('en') },
            { title: 'To', cell: (rule) => (rule.max == null ? '∞' : rule.max.toLocaleString('en')) },
            { title: 'Cost per unit', modifier: 'nowrap', cell: (rule) => formatMoney(rule.costPerUnit, currency ?? '', 4) },
          ]}
        />
      </CardBody>
      {editing ? (
        <PricingRuleModal planId={planId} productId={productId} rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
      <ConfirmDialog isOpen={doomed !== null} title="Delete pricing rule?" confirmLabel="Delete" onConfirm={confirmDelete} onCancel={() => setDoomed(null)}>
        Units {doomed?.min} to {doomed?.max ?? '∞'} of “{doomed?.metric.friendlyName}” will no longer be charged on this plan.
      </ConfirmDialog>
    </Card>
  );
}
