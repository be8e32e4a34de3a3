import { ActionGroup, Button, Card, CardBody, PageSection } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { errorMessage } from '../../graphql/errors';
import { ProductPage } from '../../products/components/ProductPage';
import { productTrafficUrl } from '../../products/urls';
import { clearIntegrationErrorsMutation, integrationErrorsQuery } from '../queries';

/** How many of the newest entries the screen lists. */
const SHOWN = 100;

/**
 * Products › a product › Analytics › Integration Errors: what the decision
 * plane refused from the product's gateways (unknown metrics, bad reports,
 * wrong credentials), newest first, with a clear-all.
 */
export function ProductIntegrationErrorsView() {
  const { productId = '' } = useParams();
  const [{ data, error }, refetch] = useQuery({
    query: integrationErrorsQuery,
    variables: { productID: productId, first: SHOWN },
    requestPolicy: 'cache-and-network',
  });
  const [, clear] = useMutation(clearIntegrationErrorsMutation);
  const [confirming, setConfirming] = useState(false);
  const notify = useNotify();
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const entries = (data?.integrationErrors.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const total = data?.integrationErrors.totalCount ?? 0;
  let body;
  if (error) body = <ErrorState error={error} onRetry={reload} />;
  else if (!data) body = <LoadingState label="Loading integration errors…" />;
  else if (total === 0)
    body = (
      <BlankState title="No integration errors">
        When a gateway sends a call Portico refuses for a reason the integration can fix (an unknown metric, a
        malformed report, a wrong service token), it is listed here.
      </BlankState>
    );
  else
    body = (
      <>
        <p>
          {total > entries.length ? `The newest ${entries.length} of ${total} errors.` : `${total} ${total === 1 ? 'error' : 'errors'}.`}
        </p>
        <Table aria-label="Integration errors" variant="compact">
          <Thead>
            <Tr>
              <Th modifier="fitContent">Time</Th>
              <Th modifier="fitContent">Code</Th>
              <Th>Message</Th>
            </Tr>
          </Thead>
          <Tbody>
            {entries.map((e) => (
              <Tr key={e.id}>
                <Td dataLabel="Time">
                  <DateTime value={e.occurredAt} withTime />
                </Td>
                <Td dataLabel="Code">
                  <code>{e.code}</code>
                </Td>
                <Td dataLabel="Message">{e.message}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
        <ActionGroup>
          <Button variant="danger" onClick={() => setConfirming(true)}>
            Clear all
          </Button>
        </ActionGroup>
      </>
    );

  return (
    <ProductPage
      productId={productId}
      title="Integration Errors"
      parent={{ label: 'Analytics', to: productTrafficUrl(productId) }}
      description="Calls from the product's gateways that Portico refused for a reason in the integration, newest first."
    >
      <PageSection isFilled>
        <Card>
          <CardBody>{body}</CardBody>
        </Card>
      </PageSection>
      <ConfirmDialog
        isOpen={confirming}
        title="Clear every integration error?"
        confirmLabel="Clear all"
        onCancel={() => setConfirming(false)}
        onConfirm={async () => {
          const result = await clear({ productID: productId });
          setConfirming(false);
          if (result.error) {
            notify({ variant: 'danger', title: 'Could not clear the integration errors', description: errorMessage(result.error) });
            return;
          }
          notify({ variant: 'success', title: `Cleared ${result.data?.clearIntegrationErrors ?? 0} integration errors` });
          reload();
        }}
      >
        The product&apos;s integration error log is emptied. Errors from later calls are listed again.
      </ConfirmDialog>
    </ProductPage>
  );
}
