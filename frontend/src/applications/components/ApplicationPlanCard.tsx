import {
  Button,
  Card,
  CardBody,
  CardFooter,
  CardHeader,
  CardTitle,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  Label,
  Title,
} from '@patternfly/react-core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useNotify } from '../../components/Notifications';
import type { ApplicationPlanFieldsFragment } from '../../gql/graphql';
import { errorMessage } from '../../graphql/errors';
import { PlanStateLabel } from '../../products/components/PlanStateLabel';
import { productPlanUrl } from '../../products/urls';
import { customizeApplicationPlanMutation, decustomizeApplicationPlanMutation } from '../queries';
import { ChangePlanModal } from './ApplicationModals';

export interface ApplicationPlanCardProps {
  application: ApplicationPlanFieldsFragment & { name: string; product: { id: string; name: string } };
}

const context = { additionalTypenames: ['Plan'] };

/**
 * The application's plan, and the ways to move it: another plan of the product, its own custom
 * copy of the plan (limits and pricing for this application alone), or back to the original.
 */
export function ApplicationPlanCard({ application }: ApplicationPlanCardProps) {
  const { plan, product } = application;
  const original = plan.originalID ? plan.original : null;
  const custom = plan.originalID !== null;
  const [dialog, setDialog] = useState<'change' | 'decustomize' | null>(null);
  const [busy, setBusy] = useState(false);
  const [, customize] = useMutation(customizeApplicationPlanMutation);
  const [, decustomize] = useMutation(decustomizeApplicationPlanMutation);
  const notify = useNotify();
  const navigate = useNavigate();

  async function runCustomize() {
    setBusy(true);
    const result = await customize({ id: application.id }, context);
    setBusy(false);
    if (result.error || !result.data) {
      notify({ variant: 'danger', title: 'Could not customize the plan', description: result.error ? errorMessage(result.error) : undefined });
      return;
    }
    notify({
      variant: 'success',
      title: `“${application.name}” is on its own custom plan “${result.data.customizeApplicationPlan.plan.name}”`,
      description: 'Edit the custom plan to give it other limits, pricing rules or features.',
    });
  }

  async function runDecustomize() {
    const result = await decustomize({ id: application.id }, context);
    setDialog(null);
    if (result.error || !result.data) {
      notify({ variant: 'danger', title: 'Could not remove the customization', description: result.error ? errorMessage(result.error) : undefined });
      return;
    }
    notify({ variant: 'success', title: `“${application.name}” is back on “${result.data.decustomizeApplicationPlan.plan.name}”`, description: `Deleted the custom plan “${plan.name}”.` });
  }

  return (
    <Card className="pf-v6-u-mt-lg">
      <CardHeader>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            Application plan
          </Title>
        </CardTitle>
      </CardHeader>
      <CardBody>
        <DescriptionList isHorizontal isCompact>
          <DescriptionListGroup>
            <DescriptionListTerm>Plan</DescriptionListTerm>
            <DescriptionListDescription>
              <Flex gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsCenter' }}>
                <Link to={productPlanUrl(product.id, plan.id)}>{plan.name}</Link>
                {custom ? (
                  <Label isCompact color="purple">
                    Custom plan
                  </Label>
                ) : (
                  <PlanStateLabel state={plan.state} />
                )}
              </Flex>
            </DescriptionListDescription>
          </DescriptionListGroup>
          {custom ? (
            <DescriptionListGroup>
              <DescriptionListTerm>Customized from</DescriptionListTerm>
              <DescriptionListDescription>
                {original ? <Link to={productPlanUrl(product.id, original.id)}>{original.name}</Link> : '—'}
              </DescriptionListDescription>
            </DescriptionListGroup>
          ) : null}
        </DescriptionList>
        <Content component="p" className="pf-v6-u-mt-md">
          {custom
            ? `This application has its own copy of “${original?.name ?? 'its plan'}”: its limits, pricing rules and features change for this application alone, and changes to the original do not reach it.`
            : `Customize the plan to give this application limits, pricing rules or features of its own: it moves to a copy of “${plan.name}” that no other application uses.`}
        </Content>
      </CardBody>
      <CardFooter>
        <Flex gap={{ default: 'gapSm' }}>
          {custom ? (
            <>
              <Button variant="primary" onClick={() => navigate(productPlanUrl(product.id, plan.id))}>
                Edit custom plan
              </Button>
              <Button variant="secondary" isDanger onClick={() => setDialog('decustomize')}>
                Remove customization
              </Button>
            </>
          ) : (
            <Button variant="secondary" isLoading={busy} isDisabled={busy} onClick={() => void runCustomize()}>
              Customize plan
            </Button>
          )}
          <Button variant="secondary" onClick={() => setDialog('change')}>
            Change plan
          </Button>
        </Flex>
      </CardFooter>
      {dialog === 'change' ? <ChangePlanModal application={application} onClose={() => setDialog(null)} /> : null}
      <ConfirmDialog
        isOpen={dialog === 'decustomize'}
        title="Remove customization?"
        confirmLabel="Remove customization"
        onConfirm={runDecustomize}
        onCancel={() => setDialog(null)}
      >
        “{application.name}” moves back to “{original?.name ?? 'the original plan'}”. Its custom plan “{plan.name}” is deleted with its
        limits, pricing rules and features. This cannot be undone.
      </ConfirmDialog>
    </Card>
  );
}
