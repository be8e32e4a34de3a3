import { PageSection } from '@patternfly/react-core';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { CustomPolicyForm } from '../components/CustomPolicyForm';
import { createCustomPolicyMutation, customPolicyQuery, updateCustomPolicyMutation } from '../queries';
import { policyRegistryPath, settingsPath } from '../urls';

const crumbs = (last: string) => [
  { label: 'Account Settings', to: settingsPath },
  { label: 'Policy registry', to: policyRegistryPath },
  { label: last },
];

/** `/settings/policies/new`: registers a custom policy from its manifest. */
export function CustomPolicyNewView() {
  const [, create] = useMutation(createCustomPolicyMutation);
  const navigate = useNavigate();
  const notify = useNotify();
  return (
    <>
      <PageHeader title="Register a custom policy" breadcrumbs={crumbs('New')} />
      <CustomPolicyForm
        onCancel={() => void navigate(policyRegistryPath)}
        onSave={async (manifest) => {
          const result = await create({ input: { manifest } }, { additionalTypenames: ['CustomPolicy'] });
          if (result.error || !result.data) return result.error ?? null;
          const p = result.data.createCustomPolicy;
          notify({ variant: 'success', title: `Registered ${p.name} ${p.version}`, description: 'Products can add it to their policy chain.' });
          void navigate(policyRegistryPath);
          return null;
        }}
      />
    </>
  );
}

/** `/settings/policies/:id`: changes a custom policy's manifest. */
export function CustomPolicyEditView() {
  const { policyId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: customPolicyQuery, variables: { id: policyId } });
  const [, update] = useMutation(updateCustomPolicyMutation);
  const navigate = useNavigate();
  const notify = useNotify();
  const policy = data?.customPolicy;

  if (error || (!policy && !fetching)) {
    const notFound = error?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND');
    return (
      <>
        <PageHeader title={notFound || !error ? 'Not found' : 'Error'} breadcrumbs={crumbs('Custom policy')} />
        <PageSection isFilled>
          {notFound || !error ? (
            <ErrorState title="Not found" message="This policy does not exist, or it was deleted." />
          ) : (
            <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
          )}
        </PageSection>
      </>
    );
  }
  if (!policy) {
    return (
      <PageSection isFilled>
        <LoadingState />
      </PageSection>
    );
  }
  const inUse = policy.usedBy.length > 0;
  return (
    <>
      <PageHeader
        title={`${policy.name} ${policy.version}`}
        description={
          inUse
            ? `In the policy chain of ${policy.usedBy.map((p) => p.name).join(', ')}: its name and version stay while a chain holds it.`
            : policy.summary
        }
        breadcrumbs={crumbs(`${policy.name} ${policy.version}`)}
      />
      <CustomPolicyForm
        key={policy.id}
        initial={policy.manifest}
        onCancel={() => void navigate(policyRegistryPath)}
        onSave={async (manifest) => {
          const result = await update({ id: policy.id, input: { manifest } });
          if (result.error) return result.error;
          notify({ variant: 'success', title: `Saved ${policy.name}` });
          return null;
        }}
      />
    </>
  );
}
