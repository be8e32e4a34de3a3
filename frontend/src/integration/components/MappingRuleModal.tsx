import { useMemo, useState } from 'react';
import { useMutation } from 'urql';

import { CheckboxField, SelectField, TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { integerProblem, patternProblem, problems } from '../../components/validation';
import type { MappingRuleHttpMethod } from '../../gql/graphql';
import { createMappingRuleMutation, updateMappingRuleMutation } from '../queries';
import { httpMethods, useMetricOptions } from './metricOptions';
import { ownerWhere, type IntegrationOwner } from './owner';


export interface MappingRuleRow {
  id: string;
  httpMethod: MappingRuleHttpMethod;
  pattern: string;
  delta: number;
  position: number;
  last: boolean;
  metric: { id: string; friendlyName: string };
}

const fields = ['httpMethod', 'pattern', 'metricID', 'delta', 'position', 'last'];

/** Adds a mapping rule to a product or backend, or edits one. */
export function MappingRuleModal({
  owner,
  rule,
  nextPosition,
  onClose,
}: {
  owner: IntegrationOwner;
  rule: MappingRuleRow | null;
  nextPosition: number;
  onClose: () => void;
}) {
  const where = useMemo(() => ownerWhere(owner), [owner]);
  const { options } = useMetricOptions(where);
  const [httpMethod, setHttpMethod] = useState<MappingRuleHttpMethod>(rule?.httpMethod ?? 'GET');
  const [pattern, setPattern] = useState(rule?.pattern ?? '/');
  const [metricId, setMetricId] = useState(rule?.metric.id ?? '');
  const [delta, setDelta] = useState(String(rule?.delta ?? 1));
  const [position, setPosition] = useState(String(rule?.position ?? nextPosition));
  const [last, setLast] = useState(rule?.last ?? false);
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, createRule] = useMutation(createMappingRuleMutation);
  const [, updateRule] = useMutation(updateMappingRuleMutation);
  const notify = useNotify();
  const chosenMetric = metricId || options[0]?.value || '';

  async function submit() {
    const found = problems({
      pattern: patternProblem(pattern),
      metricID: chosenMetric ? undefined : 'Choose the method or metric to count.',
      delta: integerProblem(delta, 1),
      position: integerProblem(position, 0),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const values = { httpMethod, pattern, metricID: chosenMetric, delta: Number(delta), position: Number(position), last };
    if (rule) {
      const result = await updateRule({ id: rule.id, input: values });
      if (result.error) return report(result.error, 'Could not save the mapping rule');
      notify({ variant: 'success', title: `Saved mapping rule ${httpMethod} ${pattern}` });
    } else {
      const result = await createRule({ input: { ...ownerWhere(owner), ...values } }, { additionalTypenames: ['MappingRule'] });
      if (result.error) return report(result.error, 'Could not add the mapping rule');
      notify({ variant: 'success', title: `Added mapping rule ${httpMethod} ${pattern}` });
    }
    onClose();
  }

  return (
    <FormModal
      isOpen
      title={rule ? 'Edit mapping rule' : 'New mapping rule'}
      description="Requests whose verb and path match the pattern add the increment to the chosen method or metric."
      submitLabel={rule ? 'Save' : 'Add mapping rule'}
      onSubmit={submit}
      onClose={onClose}
      variant="medium"
    >
      <SelectField
        id="rule-verb"
        label="Verb"
        isRequired
        value={httpMethod}
        onChange={(value) => setHttpMethod(value as MappingRuleHttpMethod)}
        options={httpMethods.map((method) => ({ value: method, label: method }))}
        error={errors.httpMethod}
      />
      <TextField
        id="rule-pattern"
        label="Pattern"
        isRequired
        isCode
        value={pattern}
        onChange={setPattern}
        error={errors.pattern}
        helper="Starts with '/'. Use {name} for a path segment wildcard and end with '$' for an exact match, e.g. /orders/{id}$."
      />
      <SelectField
        id="rule-metric"
        label="Method or metric to increment"
        isRequired
        value={chosenMetric}
        onChange={setMetricId}
        options={options}
        error={errors.metricID}
      />
      <TextField id="rule-delta" label="Increment by" isRequired inputMode="numeric" value={delta} onChange={setDelta} error={errors.delta} />
      <TextField
        id="rule-position"
        label="Position"
        isRequired
        inputMode="numeric"
        value={position}
        onChange={setPosition}
        error={errors.position}
        helper="Rules are matched in ascending position."
      />
      <CheckboxField
        id="rule-last"
        label="Last?"
        description="Stop matching further rules when this one matches."
        isChecked={last}
        onChange={setLast}
        error={errors.last}
      />
    </FormModal>
  );
}
