import { Button, PageSection, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage } from '../../graphql/useCursorPage';
import { ProductPage } from '../../products/components/ProductPage';
import { productsPath, productUrl } from '../../products/urls';
import { PublishedLabel } from '../components/PublishedLabel';
import { activeDocListQuery, deleteActiveDocMutation, hideActiveDocMutation, publishActiveDocMutation } from '../queries';
import {
  activeDocUrl,
  editActiveDocUrl,
  newActiveDocPath,
  newProductActiveDocUrl,
  productImportOpenApiUrl,
} from '../urls';

interface DocRow {
  id: string;
  name: string;
  systemName: string;
  published: boolean;
  updatedAt: string;
  product?: { id: string; name: string } | null;
}

const context = { additionalTypenames: ['ActiveDoc'] };

/** The ActiveDocs table: the tenant's, or one product's when productId is given. */
function ActiveDocsTable({ productId }: { productId?: string }) {
  const page = useCursorPage();
  const navigate = useNavigate();
  const where = useMemo(() => (productId ? { hasProductWith: [{ id: productId }] } : undefined), [productId]);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: activeDocListQuery,
    variables: { where, ...page.variables },
    context: useMemo(() => context, []),
  });
  const [doomed, setDoomed] = useState<DocRow | null>(null);
  const [, deleteDoc] = useMutation(deleteActiveDocMutation);
  const [, publish] = useMutation(publishActiveDocMutation);
  const [, hide] = useMutation(hideActiveDocMutation);
  const notify = useNotify();

  async function setPublished(doc: DocRow, published: boolean) {
    const result = await (published ? publish : hide)({ id: doc.id }, context);
    if (result.error) notify({ variant: 'danger', title: `Could not change “${doc.name}”`, description: errorMessage(result.error) });
    else notify({ variant: 'success', title: published ? `Published “${doc.name}”` : `Hid “${doc.name}”` });
  }

  async function confirmDelete() {
    if (!doomed) return;
    const result = await deleteDoc({ id: doomed.id }, context);
    if (result.error) notify({ variant: 'danger', title: `Could not delete “${doomed.name}”`, description: errorMessage(result.error) });
    else notify({ variant: 'success', title: `Deleted “${doomed.name}”` });
    setDoomed(null);
  }

  const actions = (
    <>
      <ToolbarItem>
        <Button variant="primary" onClick={() => navigate(productId ? newProductActiveDocUrl(productId) : newActiveDocPath)}>
          Create ActiveDoc
        </Button>
      </ToolbarItem>
      {productId ? (
        <ToolbarItem>
          <Button variant="secondary" onClick={() => navigate(productImportOpenApiUrl(productId))}>
            Import from OpenAPI
          </Button>
        </ToolbarItem>
      ) : null}
    </>
  );

  return (
    <PageSection isFilled>
      <ListTable
        label="ActiveDocs"
        rows={data ? nodes(data.activeDocs) : undefined}
        fetching={fetching}
        error={error}
        onRetry={() => refetch({ requestPolicy: 'network-only' })}
        toolbarActions={actions}
        pagination={data ? { page, totalCount: data.activeDocs.totalCount, pageInfo: data.activeDocs.pageInfo } : undefined}
        empty={
          <BlankState title="No ActiveDocs yet">
            An ActiveDoc is an OpenAPI document developers read and try out as interactive documentation.
          </BlankState>
        }
        rowLabel={(doc) => doc.name}
        rowActions={(doc) => [
          { title: 'View', onClick: () => navigate(activeDocUrl(doc.id)) },
          { title: 'Edit', onClick: () => navigate(editActiveDocUrl(doc.id)) },
          doc.published
            ? { title: 'Hide', onClick: () => void setPublished(doc, false) }
            : { title: 'Publish', onClick: () => void setPublished(doc, true) },
          { isSeparator: true },
          { title: 'Delete', isDanger: true, onClick: () => setDoomed(doc) },
        ]}
        columns={[
          { title: 'Name', width: 25, cell: (doc) => <Link to={activeDocUrl(doc.id)}>{doc.name}</Link> },
          { title: 'System name', cell: (doc) => <code>{doc.systemName}</code> },
          ...(productId
            ? []
            : [
                {
                  title: 'Product',
                  cell: (doc: DocRow) => (doc.product ? <Link to={productUrl(doc.product.id)}>{doc.product.name}</Link> : '—'),
                },
              ]),
          { title: 'State', cell: (doc) => <PublishedLabel published={doc.published} /> },
          { title: 'Updated', cell: (doc) => <DateTime value={doc.updatedAt} /> },
        ]}
      />
      <ConfirmDialog isOpen={doomed !== null} title="Delete ActiveDoc?" confirmLabel="Delete" onConfirm={confirmDelete} onCancel={() => setDoomed(null)}>
        “{doomed?.name}” will no longer be shown to developers. The product’s methods and mapping rules are kept.
      </ConfirmDialog>
    </PageSection>
  );
}

/** Products › ActiveDocs: every specification of the account. */
export function ActiveDocListView() {
  return (
    <>
      <PageHeader
        title="ActiveDocs"
        description="OpenAPI documents shown to developers as interactive documentation."
        breadcrumbs={[{ label: 'Products', to: productsPath }, { label: 'ActiveDocs' }]}
      />
      <ActiveDocsTable />
    </>
  );
}

/** Products › a product › ActiveDocs: the specifications bound to one product. */
export function ProductActiveDocsView() {
  const { productId = '' } = useParams();
  return (
    <ProductPage productId={productId} title="ActiveDocs" description="The OpenAPI documents of this product.">
      <ActiveDocsTable productId={productId} />
    </ProductPage>
  );
}
