import { Button, Card, CardBody, CardHeader, CardTitle, Switch, Title, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextAreaField, TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { useSystemName } from '../../components/useSystemName';
import { problems, requiredProblem, systemNameProblem } from '../../components/validation';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage } from '../../graphql/useCursorPage';
import { createFeatureMutation, deleteFeatureMutation, productFeaturesQuery, updatePlanMutation } from '../queries';
import { planKindText, type PlanScope } from './planKinds';

const context = { additionalTypenames: ['Feature'] };

function FeatureModal({ scope, planId, onClose }: { scope: PlanScope; planId: string; onClose: () => void }) {
  const { name, setName, systemName, setSystemName } = useSystemName();
  const [description, setDescription] = useState('');
  const { errors, setErrors, report } = useFormErrors(['name', 'systemName', 'description']);
  const [, createFeature] = useMutation(createFeatureMutation);
  const notify = useNotify();

  async function submit() {
    const found = problems({ name: requiredProblem(name, 'a name'), systemName: systemNameProblem(systemName) });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = await createFeature(
      {
        input: {
          productID: scope.productId,
          scope: planKindText[scope.kind].featureScope,
          name: name.trim(),
          systemName,
          description: description.trim() || undefined,
          planIDs: [planId],
        },
      },
      { additionalTypenames: ['Feature', 'Plan'] },
    );
    if (result.error) return report(result.error, 'Could not create the feature');
    notify({ variant: 'success', title: `Created feature “${name.trim()}”, enabled on this plan` });
    onClose();
  }

  return (
    <FormModal isOpen title="New feature" submitLabel="Create feature" onSubmit={submit} onClose={onClose}
      description="Features describe what a plan offers on the Developer Portal; any plan of the product can enable them.">
      <TextField id="feature-name" label="Name" isRequired value={name} onChange={setName} error={errors.name} />
      <TextField id="feature-system-name" label="System name" isRequired isCode value={systemName} onChange={setSystemName} error={errors.systemName} />
      <TextAreaField id="feature-description" label="Description" value={description} onChange={setDescription} error={errors.description} />
    </FormModal>
  );
}

/** The features of the plan's kind (of its product, or the tenant's for account plans), each enabled or disabled on this plan. */
export function PlanFeatures({ scope, planId, enabled }: { scope: PlanScope; planId: string; enabled: ReadonlySet<string> }) {
  const page = useCursorPage(10, 'features.');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: productFeaturesQuery,
    variables: { productId: scope.productId ?? null, scope: planKindText[scope.kind].featureScope, ...page.variables },
    context: useMemo(() => context, []),
  });
  const [creating, setCreating] = useState(false);
  const [doomed, setDoomed] = useState<{ id: string; name: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [, updatePlan] = useMutation(updatePlanMutation);
  const [, deleteFeature] = useMutation(deleteFeatureMutation);
  const notify = useNotify();

  async function toggle(feature: { id: string; name: string }, on: boolean) {
    setBusy(feature.id);
    const result = await updatePlan({ id: planId, input: on ? { addFeatureIDs: [feature.id] } : { removeFeatureIDs: [feature.id] } });
    setBusy(null);
    if (result.error) notify({ variant: 'danger', title: `Could not ${on ? 'enable' : 'disable'} “${feature.name}”`, description: errorMessage(result.error) });
  }

  async function confirmDelete() {
    if (!doomed) return;
    const result = await deleteFeature({ id: doomed.id }, { additionalTypenames: ['Feature', 'Plan'] });
    if (result.error) notify({ variant: 'danger', title: `Could not delete “${doomed.name}”`, description: errorMessage(result.error) });
    else notify({ variant: 'success', title: `Deleted feature “${doomed.name}”` });
    setDoomed(null);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            Features
          </Title>
        </CardTitle>
      </CardHeader>
      <CardBody>
        <ListTable
          label="Features"
          rows={data ? nodes(data.features) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          toolbarActions={
            <ToolbarItem>
              <Button variant="secondary" onClick={() => setCreating(true)}>
                New feature
              </Button>
            </ToolbarItem>
          }
          pagination={data ? { page, totalCount: data.features.totalCount, pageInfo: data.features.pageInfo } : undefined}
          empty={
            <BlankState title="No features" size="sm" headingLevel="h3">
              Features list what plans offer, such as “Premium support”, on the Developer Portal.
            </BlankState>
          }
          rowLabel={(feature) => feature.name}
          rowActions={(feature) => [{ title: 'Delete feature', isDanger: true, onClick: () => setDoomed(feature) }]}
          columns={[
            {
              title: 'Enabled',
              width: 15,
              cell: (feature) => (
                <Switch
                  id={`feature-${feature.id}`}
                  aria-label={`${feature.name} on this plan`}
                  isChecked={enabled.has(feature.id)}
                  isDisabled={busy === feature.id}
                  onChange={(_event, on) => void toggle(feature, on)}
                />
              ),
            },
            { title: 'Name', width: 30, cell: (feature) => feature.name },
            { title: 'System name', cell: (feature) => <code>{feature.systemName}</code> },
            { title: 'Description', modifier: 'truncate', cell: (feature) => feature.description || '—' },
          ]}
        />
      </CardBody>
      {creating ? <FeatureModal scope={scope} planId={planId} onClose={() => setCreating(false)} /> : null}
      <ConfirmDialog isOpen={doomed !== null} title="Delete feature?" confirmLabel="Delete" onConfirm={confirmDelete} onCancel={() => setDoomed(null)}>
        “{doomed?.name}” will be removed from every {planKindText[scope.kind].one}
        {scope.kind === 'ACCOUNT' ? '' : ' of the product'}.
      </ConfirmDialog>
    </Card>
  );
}
