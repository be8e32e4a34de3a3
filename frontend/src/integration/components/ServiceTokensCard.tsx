import { ActionGroup, Button, Card, CardBody, CardTitle } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyValue } from '../../components/CopyValue';
import { DateTime } from '../../components/DateTime';
import { useNotify } from '../../components/Notifications';
import { errorMessage } from '../../graphql/errors';
import { createServiceTokenMutation, deleteServiceTokenMutation, serviceTokensQuery } from '../gateway';

/** The service tokens of a product: what its gateways authenticate with on the decision plane. */
export function ServiceTokensCard({ productId }: { productId: string }) {
  const [{ data }, refetch] = useQuery({ query: serviceTokensQuery, variables: { id: productId } });
  const [, create] = useMutation(createServiceTokenMutation);
  const [, remove] = useMutation(deleteServiceTokenMutation);
  const [revoking, setRevoking] = useState<string>();
  const notify = useNotify();
  const tokens = data?.node?.__typename === 'Product' ? (data.node.serviceTokens ?? []) : [];
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <Card>
      <CardTitle component="h2">Service tokens</CardTitle>
      <CardBody>
        <p>Gateways send one of these with every call to the decision plane. A new token works at once; a revoked one is refused at once.</p>
        {tokens.length > 0 ? (
          <Table aria-label="Service tokens" variant="compact">
            <Thead>
              <Tr>
                <Th>Token</Th>
                <Th>Created</Th>
                <Th screenReaderText="Actions" />
              </Tr>
            </Thead>
            <Tbody>
              {tokens.map((t, i) => (
                <Tr key={t.id}>
                  <Td dataLabel="Token">
                    <CopyValue value={t.value} label={`Service token ${i + 1}`} />
                  </Td>
                  <Td dataLabel="Created">
                    <DateTime value={t.createdAt} withTime />
                  </Td>
                  <Td dataLabel="Actions" isActionCell>
                    <Button variant="link" isDanger onClick={() => setRevoking(t.id)}>
                      Revoke token {i + 1}
                    </Button>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        ) : (
          <p>No service tokens: gateways use the provider key.</p>
        )}
        <ActionGroup>
          <Button
            variant="secondary"
            onClick={async () => {
              const result = await create({ productID: productId });
              if (result.error) {
                notify({ variant: 'danger', title: 'Could not create a service token', description: errorMessage(result.error) });
                return;
              }
              notify({ variant: 'success', title: 'Created a service token' });
              reload();
            }}
          >
            Create service token
          </Button>
        </ActionGroup>
      </CardBody>
      <ConfirmDialog
        isOpen={revoking !== undefined}
        title="Revoke the service token?"
        confirmLabel="Revoke"
        onCancel={() => setRevoking(undefined)}
        onConfirm={async () => {
          const id = revoking ?? '';
          setRevoking(undefined);
          const result = await remove({ id });
          if (result.error) {
            notify({ variant: 'danger', title: 'Could not revoke the service token', description: errorMessage(result.error) });
            return;
          }
          notify({ variant: 'success', title: 'Revoked the service token' });
          reload();
        }}
      >
        Gateways still using it are refused from now on.
      </ConfirmDialog>
    </Card>
  );
}
