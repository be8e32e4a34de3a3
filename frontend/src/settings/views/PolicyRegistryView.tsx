import { Button, PageSection } from '@patternfly/react-core';
import { Fragment, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../graphql/errors';
import { productPoliciesUrl } from '../../products/urls';
import { customPoliciesQuery, deleteCustomPolicyMutation } from '../queries';
import { customPolicyUrl, newCustomPolicyPath, settingsPath } from '../urls';

const listContext = { additionalTypenames: ['CustomPolicy'] };

/** Account Settings › Integrate › Policy registry: the tenant's custom gateway policies. */
export function PolicyRegistryView() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: customPoliciesQuery, context: useMemo(() => listContext, []) });
  const [doomed, setDoomed] = useState<{ id: string; label: string } | null>(null);
  const [, deletePolicy] = useMutation(deleteCustomPolicyMutation);
  const notify = useNotify();
  const navigate = useNavigate();

  async function confirmDelete() {
    if (!doomed) return;
    const result = await deletePolicy({ id: doomed.id }, listContext);
    if (result.error) notify({ variant: 'danger', title: `Could not delete ${doomed.label}`, description: errorMessage(result.error) });
    else notify({ variant: 'success', title: `Deleted ${doomed.label}` });
    setDoomed(null);
  }

  const addButton = (
    <Button variant="primary" onClick={() => void navigate(newCustomPolicyPath)}>
      Register policy
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Policy registry"
        description="Custom gateway policies, registered by their APIcast manifest. Products’ policy chains may hold them beside the built-in policies; gateways receive them by name and version."
        breadcrumbs={[{ label: 'Account Settings', to: settingsPath }, { label: 'Policy registry' }]}
        actions={error ? null : addButton}
      />
      <PageSection isFilled>
        <ListTable
          label="Custom policies"
          rows={data?.customPolicies}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          empty={
            <BlankState title="No custom policies" actions={addButton}>
              Register a policy your gateways run, with the JSON schema of its configuration.
            </BlankState>
          }
          rowLabel={(p) => `${p.name} ${p.version}`}
          rowActions={(p) => [
            { title: 'Edit', onClick: () => void navigate(customPolicyUrl(p.id)) },
            { isSeparator: true },
            { title: 'Delete', onClick: () => setDoomed({ id: p.id, label: `${p.name} ${p.version}` }) },
          ]}
          columns={[
            { title: 'Name', width: 20, cell: (p) => <Link to={customPolicyUrl(p.id)}>{p.name}</Link> },
            { title: 'Version', width: 10, cell: (p) => <code>{p.version}</code> },
            { title: 'Summary', cell: (p) => p.summary },
            {
              title: 'Used by',
              cell: (p) =>
                p.usedBy.length === 0
                  ? 'No product'
                  : p.usedBy.map((product, i) => (
                      <Fragment key={product.id}>
                        {i > 0 ? ', ' : null}
                        <Link to={productPoliciesUrl(product.id)}>{product.name}</Link>
                      </Fragment>
                    )),
            },
          ]}
        />
      </PageSection>
      <ConfirmDialog
        isOpen={doomed !== null}
        title="Delete custom policy?"
        confirmLabel="Delete"
        onConfirm={confirmDelete}
        onCancel={() => setDoomed(null)}
      >
        {doomed?.label} leaves the registry. A policy that a product’s chain holds cannot be deleted: remove it from the chain first.
      </ConfirmDialog>
    </>
  );
}
