import { Button, PageSection, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { backendUrl } from '../../backends/urls';
import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage } from '../../graphql/useCursorPage';
import { BackendUsageModal } from '../components/BackendUsageModal';
import { ProductPage } from '../components/ProductPage';
import { deleteBackendUsageMutation, productBackendsQuery } from '../queries';

interface UsageRow {
  id: string;
  path: string;
  backend: { id: string; name: string };
}

const context = { additionalTypenames: ['BackendUsage'] };

/** Products › a product › Integration › Backends: which backends serve which public paths. */
export function ProductBackendsView() {
  const { productId = '' } = useParams();
  const page = useCursorPage();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: productBackendsQuery,
    variables: { productId, ...page.variables },
    context: useMemo(() => context, []),
  });
  const [editing, setEditing] = useState<UsageRow | 'new' | null>(null);
  const [doomed, setDoomed] = useState<UsageRow | null>(null);
  const [, deleteUsage] = useMutation(deleteBackendUsageMutation);
  const notify = useNotify();

  async function confirmRemove() {
    if (!doomed) return;
    const result = await deleteUsage({ id: doomed.id }, context);
    if (result.error) notify({ variant: 'danger', title: `Could not remove “${doomed.backend.name}”`, description: errorMessage(result.error) });
    else notify({ variant: 'success', title: `Removed backend “${doomed.backend.name}” from the product` });
    setDoomed(null);
  }

  const addButton = (
    <Button variant="primary" onClick={() => setEditing('new')}>
      Add backend
    </Button>
  );

  return (
    <ProductPage productId={productId} title="Backends" description="The backends this product routes traffic to, by public path.">
      <PageSection isFilled>
        <ListTable
          label="Backends used by this product"
          rows={data ? nodes(data.backendUsages) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          toolbarActions={<ToolbarItem>{addButton}</ToolbarItem>}
          pagination={data ? { page, totalCount: data.backendUsages.totalCount, pageInfo: data.backendUsages.pageInfo } : undefined}
          empty={
            <BlankState title="No backends yet" actions={addButton}>
              Add a backend to route the product's traffic to an internal service under a public path.
            </BlankState>
          }
          rowLabel={(usage) => usage.backend.name}
          rowActions={(usage) => [
            { title: 'Change path', onClick: () => setEditing(usage) },
            { isSeparator: true },
            { title: 'Remove from product', isDanger: true, onClick: () => setDoomed(usage) },
          ]}
          columns={[
            { title: 'Name', width: 25, cell: (usage) => <Link to={backendUrl(usage.backend.id)}>{usage.backend.name}</Link> },
            { title: 'Public path', cell: (usage) => <code>{usage.path}</code> },
            { title: 'Private endpoint', modifier: 'truncate', cell: (usage) => <code>{usage.backend.privateEndpoint}</code> },
          ]}
        />
      </PageSection>
      {editing ? <BackendUsageModal productId={productId} usage={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog isOpen={doomed !== null} title="Remove backend?" confirmLabel="Remove" onConfirm={confirmRemove} onCancel={() => setDoomed(null)}>
        Requests to <code>{doomed?.path}</code> will no longer reach “{doomed?.backend.name}”. The backend itself is kept.
      </ConfirmDialog>
    </ProductPage>
  );
}
