import { Button, Label, PageSection } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage } from '../../graphql/useCursorPage';
import { deleteSSOIntegrationMutation, ssoIntegrationsQuery } from '../queries';
import { newSSOIntegrationPath, settingsPath, ssoIntegrationUrl } from '../urls';

const listContext = { additionalTypenames: ['SSOIntegration'] };

/** Account Settings › Users › SSO Integrations: OpenID Connect providers team users may sign in with. */
export function SSOIntegrationsView() {
  const page = useCursorPage();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ssoIntegrationsQuery,
    variables: page.variables,
    context: useMemo(() => listContext, []),
  });
  const [doomed, setDoomed] = useState<{ id: string; name: string } | null>(null);
  const [, deleteIntegration] = useMutation(deleteSSOIntegrationMutation);
  const notify = useNotify();
  const navigate = useNavigate();

  async function confirmDelete() {
    if (!doomed) return;
    const result = await deleteIntegration({ id: doomed.id }, listContext);
    if (result.error) notify({ variant: 'danger', title: `Could not delete “${doomed.name}”`, description: errorMessage(result.error) });
    else notify({ variant: 'success', title: `Deleted SSO integration “${doomed.name}”` });
    setDoomed(null);
  }

  const createButton = (
    <Button variant="primary" onClick={() => void navigate(newSSOIntegrationPath)}>
      Add SSO integration
    </Button>
  );

  return (
    <>
      <PageHeader
        title="SSO Integrations"
        description="Let team users sign in through your OpenID Connect provider, such as Keycloak. New users from single sign-on join as members."
        breadcrumbs={[{ label: 'Account Settings', to: settingsPath }, { label: 'SSO Integrations' }]}
        actions={error ? null : createButton}
      />
      <PageSection isFilled>
        <ListTable
          label="SSO integrations"
          rows={data ? nodes(data.ssoIntegrations) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          pagination={data ? { page, totalCount: data.ssoIntegrations.totalCount, pageInfo: data.ssoIntegrations.pageInfo } : undefined}
          empty={
            <BlankState title="No SSO integrations" actions={createButton}>
              Add an integration to offer single sign-on on the sign-in page.
            </BlankState>
          }
          rowLabel={(integration) => integration.name}
          rowActions={(integration) => [
            { title: 'Edit', onClick: () => void navigate(ssoIntegrationUrl(integration.id)) },
            { isSeparator: true },
            { title: 'Delete', onClick: () => setDoomed({ id: integration.id, name: integration.name }) },
          ]}
          columns={[
            { title: 'Name', width: 20, cell: (integration) => <Link to={ssoIntegrationUrl(integration.id)}>{integration.name}</Link> },
            { title: 'Issuer', cell: (integration) => <code>{integration.issuer}</code> },
            { title: 'Client ID', cell: (integration) => <code>{integration.clientID}</code> },
            {
              title: 'State',
              cell: (integration) => (
                <Label isCompact variant="outline" status={integration.enabled ? 'success' : undefined}>
                  {integration.enabled ? 'Enabled' : 'Disabled'}
                </Label>
              ),
            },
          ]}
        />
      </PageSection>
      <ConfirmDialog
        isOpen={doomed !== null}
        title="Delete SSO integration?"
        confirmLabel="Delete"
        onConfirm={confirmDelete}
        onCancel={() => setDoomed(null)}
      >
        “{doomed?.name}” disappears from the sign-in page. Sessions opened through it stay open until they end.
      </ConfirmDialog>
    </>
  );
}
