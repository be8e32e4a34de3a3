import { ActionGroup, Button, Card, CardBody, CardHeader, CardTitle, Form, Grid, GridItem, Title } from '@patternfly/react-core';
import { useState } from 'react';
import { useMutation } from 'urql';

import { useCurrency } from '../../app/useCurrency';
import { CheckboxField, TextAreaField, TextField } from '../../components/FormFields';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { integerProblem, moneyProblem, problems, requiredProblem } from '../../components/validation';
import type { PlanKind } from '../../gql/graphql';
import { updatePlanMutation } from '../queries';
import { planKindText } from './planKinds';

export interface PlanSettings {
  id: string;
  kind?: PlanKind;
  name: string;
  description: string | null;
  approvalRequired: boolean;
  trialPeriodDays: number;
  setupFee: string;
  costPerMonth: string;
}

const fields = ['name', 'description', 'approvalRequired', 'trialPeriodDays', 'setupFee', 'costPerMonth'];

/** A plan's name, approval, trial period and fixed prices. */
export function PlanSettingsForm({ plan }: { plan: PlanSettings }) {
  const kindText = planKindText[plan.kind ?? 'APPLICATION'];
  const approvalWhat = { APPLICATION: 'Applications', SERVICE: 'Subscriptions', ACCOUNT: 'Accounts' }[plan.kind ?? 'APPLICATION'];
  const [name, setName] = useState(plan.name);
  const [description, setDescription] = useState(plan.description ?? '');
  const [approval, setApproval] = useState(plan.approvalRequired);
  const [trial, setTrial] = useState(String(plan.trialPeriodDays));
  const [setupFee, setSetupFee] = useState(plan.setupFee);
  const [costPerMonth, setCostPerMonth] = useState(plan.costPerMonth);
  const currency = useCurrency();
  const inCurrency = (label: string) => (currency ? `${label} (${currency})` : label);
  const [busy, setBusy] = useState(false);
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, updatePlan] = useMutation(updatePlanMutation);
  const notify = useNotify();

  async function submit() {
    const found = problems({
      name: requiredProblem(name, 'a name'),
      trialPeriodDays: integerProblem(trial, 0, 3650),
      setupFee: moneyProblem(setupFee),
      costPerMonth: moneyProblem(costPerMonth),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const text = description.trim();
    const result = await updatePlan({
      id: plan.id,
      input: {
        name: name.trim(),
        ...(text ? { description: text } : { clearDescription: true }),
        approvalRequired: approval,
        trialPeriodDays: Number(trial),
        setupFee: setupFee.trim(),
        costPerMonth: costPerMonth.trim(),
      },
    });
    setBusy(false);
    if (result.error) return report(result.error, 'Could not save the plan');
    notify({ variant: 'success', title: `Saved ${kindText.one} “${name.trim()}”` });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            Plan settings
          </Title>
        </CardTitle>
      </CardHeader>
      <CardBody>
        <Form
          aria-label="Plan settings"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <Grid hasGutter md={6} xl={3}>
            <GridItem>
              <TextField id="plan-settings-name" label="Name" isRequired value={name} onChange={setName} error={errors.name} />
            </GridItem>
            <GridItem>
              <TextField
                id="plan-settings-trial"
                label="Trial period (days)"
                inputMode="numeric"
                value={trial}
                onChange={setTrial}
                error={errors.trialPeriodDays}
              />
            </GridItem>
            <GridItem>
              <TextField
                id="plan-settings-setup-fee"
                label={inCurrency('Setup fee')}
                inputMode="decimal"
                value={setupFee}
                onChange={setSetupFee}
                error={errors.setupFee}
                helper={`Charged once, when ${{ APPLICATION: 'an application subscribes', SERVICE: 'an account subscribes', ACCOUNT: 'an account signs up' }[plan.kind ?? 'APPLICATION']}.`}
              />
            </GridItem>
            <GridItem>
              <TextField
                id="plan-settings-cost"
                label={inCurrency('Cost per month')}
                inputMode="decimal"
                value={costPerMonth}
                onChange={setCostPerMonth}
                error={errors.costPerMonth}
                helper={plan.kind === 'SERVICE' || plan.kind === 'ACCOUNT' ? 'A fixed monthly fee.' : 'A fixed monthly fee, on top of the pricing rules.'}
              />
            </GridItem>
            <GridItem md={12} xl={12}>
              <TextAreaField id="plan-settings-description" label="Description" value={description} onChange={setDescription} error={errors.description} rows={2} />
            </GridItem>
            <GridItem md={12} xl={12}>
              <CheckboxField
                id="plan-settings-approval"
                label={`${approvalWhat} require approval`}
                description={`New ${kindText.contracts} on this plan stay pending until an admin accepts them.`}
                isChecked={approval}
                onChange={setApproval}
                error={errors.approvalRequired}
              />
            </GridItem>
          </Grid>
          <ActionGroup>
            <Button type="submit" variant="primary" isLoading={busy} isDisabled={busy}>
              Update plan
            </Button>
          </ActionGroup>
        </Form>
      </CardBody>
    </Card>
  );
}
