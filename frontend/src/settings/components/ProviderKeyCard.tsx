import { ActionGroup, Button, Card, CardBody, CardTitle } from '@patternfly/react-core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyValue } from '../../components/CopyValue';
import { useNotify } from '../../components/Notifications';
import { errorMessage } from '../../graphql/errors';
import { providerKeyQuery, regenerateProviderKeyMutation } from '../../integration/gateway';

/**
 * The account's provider key: what gateways without a service token
 * authenticate with. Hidden until revealed; regenerating it makes the old
 * one stop working at once.
 */
export function ProviderKeyCard() {
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [{ data, error }] = useQuery({ query: providerKeyQuery, pause: !revealed, requestPolicy: 'network-only' });
  const [regeneration, regenerate] = useMutation(regenerateProviderKeyMutation);
  const notify = useNotify();
  const key = regeneration.data?.regenerateProviderKey.providerKey ?? data?.viewer.tenant.providerKey;
  return (
    <Card className="pf-v6-u-mt-md">
      <CardTitle component="h2">Provider key</CardTitle>
      <CardBody>
        <p>
          Gateways use it on the decision plane when a product has no service token; scripts can use it on the REST API.
          Keep it secret.
        </p>
        {error ? <p>{errorMessage(error)}</p> : null}
        {revealed && key ? <CopyValue value={key} label="Provider key" /> : null}
        <ActionGroup>
          {!revealed ? (
            <Button variant="secondary" onClick={() => setRevealed(true)}>
              Show provider key
            </Button>
          ) : null}
          <Button variant="danger" onClick={() => setConfirming(true)} isDisabled={regeneration.fetching}>
            Regenerate provider key
          </Button>
        </ActionGroup>
      </CardBody>
      <ConfirmDialog
        isOpen={confirming}
        title="Regenerate the provider key?"
        confirmLabel="Regenerate"
        variant="danger"
        onCancel={() => setConfirming(false)}
        onConfirm={async () => {
          setConfirming(false);
          const result = await regenerate({});
          if (result.error) {
            notify({ variant: 'danger', title: 'Could not regenerate the provider key', description: errorMessage(result.error) });
            return;
          }
          setRevealed(true);
          notify({ variant: 'success', title: 'Regenerated the provider key', description: 'The old key no longer works.' });
        }}
      >
        Gateways and scripts using the current key are refused from now on.
      </ConfirmDialog>
    </Card>
  );
}
