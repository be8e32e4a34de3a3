import { Button, Label, LabelGroup, PageSection } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
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
import { AccessTokenModal } from '../components/AccessTokenModal';
import { scopeNames } from '../components/scopes';
import { accessTokensQuery, deleteAccessTokenMutation } from '../queries';
import { settingsPath } from '../urls';

/** Account Settings › Personal › Tokens: access tokens for the Portico APIs. */
export function TokensView() {
  const page = useCursorPage();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: accessTokensQuery,
    variables: page.variables,
    context: useMemo(() => ({ additionalTypenames: ['AccessToken'] }), []),
  });
  const [creating, setCreating] = useState(false);
  const createButton = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      Add access token
    </Button>
  );
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
        actions={createButton}
      />
      <PageSection isFilled>
        <ListTable
          label="Access tokens"
          rows={data ? nodes(data.accessTokens) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          pagination={data ? { page, totalCount: data.accessTokens.totalCount, pageInfo: data.accessTokens.pageInfo } : undefined}
          empty={
            <BlankState title="No access tokens" actions={createButton}>
              Create an access token to call the Account Management, Analytics or Billing API.
            </BlankState>
          }
          rowLabel={(token) => token.name}
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
      {creating ? <AccessTokenModal onClose={() => setCreating(false)} /> : null}
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
