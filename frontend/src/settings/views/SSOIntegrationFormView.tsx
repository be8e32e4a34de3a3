import { Alert, PageSection } from '@patternfly/react-core';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { CopyValue } from '../../components/CopyValue';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { SSOIntegrationForm } from '../components/SSOIntegrationForm';
import { createSSOIntegrationMutation, ssoIntegrationQuery, updateSSOIntegrationMutation } from '../queries';
import { settingsPath, ssoIntegrationsPath, ssoIntegrationUrl } from '../urls';

const crumbs = (last: string) => [
  { label: 'Account Settings', to: settingsPath },
  { label: 'SSO Integrations', to: ssoIntegrationsPath },
  { label: last },
];

/** `/settings/sso/new`: adds an integration, then opens it to show the callback URL to register. */
export function SSOIntegrationNewView() {
  const [, create] = useMutation(createSSOIntegrationMutation);
  const navigate = useNavigate();
  const notify = useNotify();
  return (
    <>
      <PageHeader title="New SSO integration" breadcrumbs={crumbs('New')} />
      <SSOIntegrationForm
        onCancel={() => void navigate(ssoIntegrationsPath)}
        onSave={async (values) => {
          const result = await create({ input: values }, { additionalTypenames: ['SSOIntegration'] });
          if (result.error || !result.data) return result.error ?? null;
          notify({ variant: 'success', title: `Added SSO integration “${values.name}”`, description: 'Register its callback URL at your identity provider.' });
          void navigate(ssoIntegrationUrl(result.data.createSSOIntegration.id));
          return null;
        }}
      />
    </>
  );
}

/** `/settings/sso/:id`: the callback URL to register, and the integration's settings. */
export function SSOIntegrationEditView() {
  const { integrationId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ssoIntegrationQuery, variables: { id: integrationId } });
  const [, update] = useMutation(updateSSOIntegrationMutation);
  const navigate = useNavigate();
  const notify = useNotify();
  const integration = data?.node?.__typename === 'SSOIntegration' ? data.node : null;

  if (error || (!integration && !fetching)) {
    return (
      <>
        <PageHeader title={error ? 'Error' : 'Not found'} breadcrumbs={crumbs('SSO integration')} />
        <PageSection isFilled>
          {error ? (
            <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
          ) : (
            <ErrorState title="Not found" message="This integration does not exist, or it was deleted." />
          )}
        </PageSection>
      </>
    );
  }
  if (!integration) {
    return (
      <PageSection isFilled>
        <LoadingState />
      </PageSection>
    );
  }
  return (
    <>
      <PageHeader title={integration.name} breadcrumbs={crumbs(integration.name)} />
      <PageSection>
        <Alert variant="info" isInline title="Register this callback URL at your identity provider" className="portico-form-card">
          <p>Add it to the client’s valid redirect URIs, so that the provider sends people back to Portico after they sign in.</p>
          <CopyValue value={integration.callbackURL} label="Callback URL" />
        </Alert>
      </PageSection>
      <SSOIntegrationForm
        key={integration.id}
        initial={integration}
        onCancel={() => void navigate(ssoIntegrationsPath)}
        onSave={async (values) => {
          const { clientSecret, ...rest } = values;
          const result = await update({ id: integration.id, input: clientSecret ? values : rest });
          if (result.error) return result.error;
          notify({ variant: 'success', title: `Saved SSO integration “${values.name}”` });
          return null;
        }}
      />
    </>
  );
}
