import { Button, Card, CardBody, CardTitle } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { useNotify } from '../../components/Notifications';
import { errorMessage } from '../../graphql/errors';
import { productsPath, productUrl } from '../../products/urls';
import { ApiDocViewer } from '../components/ApiDocViewer';
import { PublishedLabel } from '../components/PublishedLabel';
import { activeDocQuery, deleteActiveDocMutation, hideActiveDocMutation, publishActiveDocMutation } from '../queries';
import { activeDocsPath, editActiveDocUrl } from '../urls';

const context = { additionalTypenames: ['ActiveDoc'] };

/** Products › ActiveDocs › one document: its details and the interactive documentation. */
export function ActiveDocView() {
  const { docId = '' } = useParams();
  const navigate = useNavigate();
  const notify = useNotify();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: activeDocQuery,
    variables: { id: docId },
    context: useMemo(() => context, []),
  });
  const [, publish] = useMutation(publishActiveDocMutation);
  const [, hide] = useMutation(hideActiveDocMutation);
  const [, deleteDoc] = useMutation(deleteActiveDocMutation);
  const [deleting, setDeleting] = useState(false);
  const doc = data?.node?.__typename === 'ActiveDoc' ? data.node : null;

  async function togglePublished() {
    if (!doc) return;
    const result = await (doc.published ? hide : publish)({ id: doc.id }, context);
    if (result.error) notify({ variant: 'danger', title: `Could not change “${doc.name}”`, description: errorMessage(result.error) });
    else notify({ variant: 'success', title: doc.published ? `Hid “${doc.name}”` : `Published “${doc.name}”` });
  }

  async function confirmDelete() {
    if (!doc) return;
    const result = await deleteDoc({ id: doc.id }, context);
    setDeleting(false);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not delete “${doc.name}”`, description: errorMessage(result.error) });
      return;
    }
    notify({ variant: 'success', title: `Deleted “${doc.name}”` });
    navigate(activeDocsPath);
  }

  return (
    <DetailsPage
      title={doc?.name ?? null}
      found={!!doc}
      fetching={fetching}
      error={error}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      breadcrumbs={[
        { label: 'Products', to: productsPath },
        { label: 'ActiveDocs', to: activeDocsPath },
        { label: doc?.name ?? 'ActiveDoc' },
      ]}
      actions={
        doc ? (
          <>
            <Button variant="secondary" onClick={() => navigate(editActiveDocUrl(doc.id))}>
              Edit
            </Button>{' '}
            <Button variant="secondary" onClick={() => void togglePublished()}>
              {doc.published ? 'Hide' : 'Publish'}
            </Button>{' '}
            <Button variant="danger" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          </>
        ) : null
      }
      details={
        doc
          ? [
              { term: 'System name', description: <code>{doc.systemName}</code> },
              { term: 'State', description: <PublishedLabel published={doc.published} /> },
              {
                term: 'Product',
                description: doc.product ? <Link to={productUrl(doc.product.id)}>{doc.product.name}</Link> : 'None',
              },
              { term: 'Updated', description: <DateTime value={doc.updatedAt} withTime /> },
              { term: 'Description', description: doc.description || '—' },
            ]
          : []
      }
    >
      {doc ? (
        <Card className="pf-v6-u-mt-md">
          <CardTitle component="h2">Documentation</CardTitle>
          <CardBody>
            <ApiDocViewer spec={doc.body} />
          </CardBody>
        </Card>
      ) : null}
      <ConfirmDialog isOpen={deleting} title="Delete ActiveDoc?" confirmLabel="Delete" onConfirm={confirmDelete} onCancel={() => setDeleting(false)}>
        “{doc?.name}” will no longer be shown to developers.
      </ConfirmDialog>
    </DetailsPage>
  );
}
