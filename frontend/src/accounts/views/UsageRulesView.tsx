import {
  ActionGroup,
  Button,
  Card,
  CardBody,
  Form,
  FormGroup,
  FormHelperText,
  FormSection,
  HelperText,
  HelperTextItem,
  PageSection,
  Radio,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { CheckboxField, SelectField } from '../../components/FormFields';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import type { ProductPlanChangePermission as PlanChangePermission } from '../../gql/graphql';
import { levelPlanChangeHelp, planChangeOptions } from '../../products/components/authentication';
import { updateUsageRulesMutation, usageRulesQuery } from '../queries';
import { accountsPath } from '../urls';

type Flag = 'signupsEnabled' | 'accountApprovalRequired' | 'strongPasswords' | 'developerDetailsEditable' | 'accountPlansUIVisible' | 'servicePlansUIVisible';

interface UsageRules extends Record<Flag, boolean> {
  changeAccountPlanPermission: PlanChangePermission;
  changeServicePlanPermission: PlanChangePermission;
}

const fields = [
  'signupsEnabled',
  'accountApprovalRequired',
  'strongPasswords',
  'developerDetailsEditable',
  'accountPlansUIVisible',
  'servicePlansUIVisible',
  'changeAccountPlanPermission',
  'changeServicePlanPermission',
] as const;

const breadcrumbs = [{ label: 'Accounts', to: accountsPath }, { label: 'Usage Rules' }];

/** Audience › Accounts › Usage Rules: how developers join, and what they may do with their details. */
export function UsageRulesView() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: usageRulesQuery });
  const tenant = data?.viewer.tenant;
  return (
    <>
      <PageHeader
        title="Usage Rules"
        description="How developers join your Developer Portal, and what they may change themselves."
        breadcrumbs={breadcrumbs}
      />
      <PageSection isFilled>
        {error ? (
          <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
        ) : tenant ? (
          // A fresh form whenever the saved rules change, so that it starts from them.
          <UsageRulesForm key={tenant.updatedAt} saved={tenant} />
        ) : fetching ? (
          <LoadingState label="Loading the usage rules…" />
        ) : null}
      </PageSection>
    </>
  );
}

function UsageRulesForm({ saved }: { saved: UsageRules }) {
  const initial: UsageRules = {
    signupsEnabled: saved.signupsEnabled,
    accountApprovalRequired: saved.accountApprovalRequired,
    strongPasswords: saved.strongPasswords,
    developerDetailsEditable: saved.developerDetailsEditable,
    accountPlansUIVisible: saved.accountPlansUIVisible,
    servicePlansUIVisible: saved.servicePlansUIVisible,
    changeAccountPlanPermission: saved.changeAccountPlanPermission,
    changeServicePlanPermission: saved.changeServicePlanPermission,
  };
  const [rules, setRules] = useState(initial);
  const { errors, setErrors, report } = useFormErrors(fields);
  const [{ fetching: saving }, update] = useMutation(updateUsageRulesMutation);
  const notify = useNotify();
  const dirty = fields.some((field) => rules[field] !== initial[field]);
  const set = (field: Flag) => (value: boolean) => setRules((current) => ({ ...current, [field]: value }));
  const choose = (field: 'changeAccountPlanPermission' | 'changeServicePlanPermission') => (value: string) =>
    setRules((current) => ({ ...current, [field]: value as PlanChangePermission }));

  async function save() {
    setErrors({});
    const result = await update({ input: rules });
    if (result.error) {
      report(result.error, 'Could not save the usage rules');
      return;
    }
    notify({ variant: 'success', title: 'Usage rules saved', description: 'They apply from the next signup or sign-in.' });
  }

  return (
    <Card className="portico-form-card">
      <CardBody>
        <Form
          aria-label="Usage rules"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <FormSection title="Signup" titleElement="h2">
            <FormGroup role="radiogroup" isStack fieldId="signups" label="Who creates developer accounts">
              <Radio
                id="signups-open"
                name="signups"
                label="Developers may sign up themselves"
                description="Anyone can create an account from the signup page of the Developer Portal."
                isChecked={rules.signupsEnabled}
                onChange={() => set('signupsEnabled')(true)}
              />
              <Radio
                id="signups-invitation"
                name="signups"
                label="By invitation only"
                description="Accounts are created by your admins, and developers join them by invitation."
                isChecked={!rules.signupsEnabled}
                onChange={() => set('signupsEnabled')(false)}
              />
              {errors.signupsEnabled ? (
                <FormHelperText>
                  <HelperText isLiveRegion>
                    <HelperTextItem variant="error">{errors.signupsEnabled}</HelperTextItem>
                  </HelperText>
                </FormHelperText>
              ) : null}
            </FormGroup>
            <CheckboxField
              id="account-approval"
              label="Account approval required"
              description="Accounts that sign up stay pending until an admin approves them."
              isChecked={rules.accountApprovalRequired}
              onChange={set('accountApprovalRequired')}
              error={errors.accountApprovalRequired}
            />
          </FormSection>
          <FormSection title="Users" titleElement="h2">
            <CheckboxField
              id="strong-passwords"
              label="Strong passwords"
              description="Passwords must have at least 8 characters, with upper and lower case letters, a digit and a special character. Existing passwords keep working."
              isChecked={rules.strongPasswords}
              onChange={set('strongPasswords')}
              error={errors.strongPasswords}
            />
          </FormSection>
          <FormSection title="Developer details" titleElement="h2">
            <CheckboxField
              id="details-editable"
              label="Developers may edit their own details"
              description="Developers change their account and user details on the Developer Portal. Turn this off only when another system manages these details, for example through the Account Management API."
              isChecked={rules.developerDetailsEditable}
              onChange={set('developerDetailsEditable')}
              error={errors.developerDetailsEditable}
            />
          </FormSection>
          <FormSection title="Plans" titleElement="h2">
            <CheckboxField
              id="account-plans-visible"
              label="Account plans"
              description="Show Audience › Accounts › Account Plans, to offer accounts different terms across all products. While it is off, every account stays on its plan."
              isChecked={rules.accountPlansUIVisible}
              onChange={set('accountPlansUIVisible')}
              error={errors.accountPlansUIVisible}
            />
            <CheckboxField
              id="service-plans-visible"
              label="Service plans"
              description="Show each product's Subscriptions › Service Plans, to offer subscriptions different terms per product. While it is off, subscriptions stay on their plans."
              isChecked={rules.servicePlansUIVisible}
              onChange={set('servicePlansUIVisible')}
              error={errors.servicePlansUIVisible}
            />
            <SelectField
              id="change-account-plan"
              label="Account plan changes"
              value={rules.changeAccountPlanPermission}
              onChange={choose('changeAccountPlanPermission')}
              options={planChangeOptions}
              error={errors.changeAccountPlanPermission}
              helper={`How developers move their account to another account plan. ${levelPlanChangeHelp}`}
            />
            <SelectField
              id="change-service-plan"
              label="Service plan changes"
              value={rules.changeServicePlanPermission}
              onChange={choose('changeServicePlanPermission')}
              options={planChangeOptions}
              error={errors.changeServicePlanPermission}
              helper={`How developers move a subscription to another service plan. Application plan changes are set per product. ${levelPlanChangeHelp}`}
            />
          </FormSection>
          <ActionGroup>
            <Button type="submit" variant="primary" isLoading={saving} isDisabled={saving || !dirty}>
              Save
            </Button>
            {dirty ? (
              <Button
                variant="link"
                isDisabled={saving}
                onClick={() => {
                  setRules(initial);
                  setErrors({});
                }}
              >
                Discard changes
              </Button>
            ) : null}
          </ActionGroup>
        </Form>
      </CardBody>
    </Card>
  );
}
