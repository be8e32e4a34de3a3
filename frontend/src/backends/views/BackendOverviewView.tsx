import { Button, Flex } from '@patternfly/react-core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useNotify } from '../../components/Notifications';
import { errorMessage } from '../../graphql/errors';
import { BackendEditModal } from '../components/BackendEditModal';

import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { nodes } from '../../graphql/connection';
import { productUrl } from '../../products/urls';
import { backendOverviewQuery, deleteBackendMutation } from '../queries';
import { backendsPath } from '../urls';

/** Backends › a backend › Overview. */
export function BackendOverviewView() {
  const { backendId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: backendOverviewQuery, variables: { id: backendId } });
  const backend = data?.node?.__typename === 'Backend' ? data.node : null;
  const usages = backend ? nodes(backend.usages) : [];
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [, deleteBackend] = useMutation(deleteBackendMutation);
  const notify = useNotify();
  const navigate = useNavigate();

  async function confirmDelete() {
    if (!backend) return;
    const result = await deleteBackend({ id: backend.id }, { additionalTypenames: ['Backend'] });
    setDeleting(false);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not delete “${backend.name}”`, description: errorMessage(result.error) });
      return;
    }
    notify({ variant: 'success', title: `Deleted backend “${backend.name}”` });
    navigate(backendsPath);
  }

  return (
    <DetailsPage
      title={backend?.name ?? null}
      breadcrumbs={[{ label: 'Backends', to: backendsPath }, { label: backend?.name ?? 'Backend' }]}
      fetching={fetching}
      error={error}
      found={!!backend}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      actions={
        backend ? (
          <Flex gap={{ default: 'gapSm' }}>
            <Button variant="secondary" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button
              variant="secondary"
              isDanger
              isAriaDisabled={usages.length > 0}
              onClick={() => setDeleting(true)}
              aria-describedby={usages.length > 0 ? 'backend-delete-hint' : undefined}
            >
              Delete
            </Button>
            {usages.length > 0 ? (
              <span id="backend-delete-hint" className="pf-v6-screen-reader">
                Remove the backend from its products before deleting it.
              </span>
            ) : null}
          </Flex>
        ) : null
      }
      details={
        backend
          ? [
              { term: 'System name', description: <code>{backend.systemName}</code> },
              { term: 'Private endpoint', description: <code>{backend.privateEndpoint}</code> },
              { term: 'Description', description: backend.description || '—' },
              {
                term: 'Used by products',
                description:
                  usages.length === 0
                    ? 'None'
                    : usages.map((usage, index) => (
                        <span key={usage.id}>
                          {index > 0 ? ', ' : null}
                          <Link to={productUrl(usage.product.id)}>{usage.product.name}</Link> at <code>{usage.path}</code>
                        </span>
                      )),
              },
              { term: 'Created', description: <DateTime value={backend.createdAt} /> },
              { term: 'Last updated', description: <DateTime value={backend.updatedAt} withTime /> },
            ]
          : []
      }
    >
      {backend && editing ? <BackendEditModal backend={backend} onClose={() => setEditing(false)} /> : null}
      <ConfirmDialog isOpen={deleting} title="Delete backend?" confirmLabel="Delete backend" onConfirm={confirmDelete} onCancel={() => setDeleting(false)}>
        “{backend?.name}” will be deleted with its methods, metrics and mapping rules. This cannot be undone.
      </ConfirmDialog>
    </DetailsPage>
  );
}
