import { Label, LabelGroup, PageSection } from '@patternfly/react-core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import type { AccessTokenScope } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { accessTokensQuery, deleteAccessTokenMutation } from '../queries';
import { settingsPath } from '../urls';

const scopeNames: Record<AccessTokenScope, string> = {
  ACCOUNT_MANAGEMENT: 'Account Management API',
  STATS: 'Analytics API',
  FINANCE: 'Billing API',
  POLICY_REGISTRY: 'Policy Registry API',
};

/** Account Settings › Personal › Tokens: access tokens for the Portico APIs. */
export function TokensView() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: accessTokensQuery });
  const [, deleteToken] = useMutation(deleteAccessTokenMutation);
  const [doomed, setDoomed] = useState<{ id: string; name: string } | null>(null);
  const notify = useNotify();

  async function confirmDelete() {
    if (!doomed) return;
    const result = await deleteToken({ id: doomed.id }, { additionalTypenames: ['AccessToken'] });
    if (result.error) {
      notify({ variant: 'danger', title: `Could not delete “${doomed.name}”`, description: errorMessage(result.error) });
    } else {
      notify({ variant: 'success', title: `Deleted access token “${doomed.name}”` });
    }
    setDoomed(null);
  }

  return (
    <>
      <PageHeader
        title="Tokens"
        description="Access tokens let scripts and other programs use the Portico APIs on your behalf."
        breadcrumbs={[{ label: 'Account Settings', to: settingsPath }, { label: 'Tokens' }]}
      />
      <PageSection isFilled>
        <ListTable
          label="Access tokens"
          rows={data ? nodes(data.accessTokens) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          empty={
            <BlankState title="No access tokens">
              Create an access token to call the Account Management, Analytics or Billing API.
            </BlankState>
          }
          rowActions={(token) => [{ title: 'Delete', onClick: () => setDoomed({ id: token.id, name: token.name }) }]}
          columns={[
            { title: 'Name', width: 20, cell: (token) => token.name },
            {
              title: 'Scopes',
              width: 30,
              cell: (token) => (
                <LabelGroup numLabels={4}>
                  {token.scopes.map((scope) => (
                    <Label key={scope} isCompact>
                      {scopeNames[scope]}
                    </Label>
                  ))}
                </LabelGroup>
              ),
            },
            { title: 'Permission', cell: (token) => (token.permission === 'RW' ? 'Read & write' : 'Read only') },
            { title: 'Created', cell: (token) => <DateTime value={token.createdAt} /> },
            { title: 'Expires', cell: (token) => (token.expiresAt ? <DateTime value={token.expiresAt} /> : 'Never') },
            { title: 'Last used', cell: (token) => <DateTime value={token.lastUsedAt} /> },
          ]}
        />
      </PageSection>
      <ConfirmDialog
        isOpen={doomed !== null}
        title="Delete access token?"
        confirmLabel="Delete"
        onConfirm={confirmDelete}
        onCancel={() => setDoomed(null)}
      >
        Programs that use “{doomed?.name}” will be refused from now on. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
