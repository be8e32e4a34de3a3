import { ActionGroup, Button, Card, CardBody, CardTitle, Form, Grid, GridItem, PageSection } from '@patternfly/react-core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ErrorState } from '../../components/ErrorState';
import { SelectField, TextField } from '../../components/FormFields';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import type { CredentialsLocation, IntegrationSettingsQuery, OidcIssuerType } from '../../gql/graphql';
import { integrationSettingsQuery, updateIntegrationSettingsMutation } from '../../integration/gateway';
import { ProductPage } from '../components/ProductPage';

type Product = Extract<NonNullable<IntegrationSettingsQuery['node']>, { __typename: 'Product' }>;
type Settings = Product['integration'];

const errorCases = [
  ['authFailed', 'Authentication failed'],
  ['authMissing', 'Authentication missing'],
  ['noMatch', 'No match'],
  ['limitsExceeded', 'Usage limit exceeded'],
] as const;

const fields = [
  'stagingEndpoint',
  'productionEndpoint',
  'apiBackend',
  'authUserKey',
  'authAppID',
  'authAppKey',
  'secretToken',
  'hostnameRewrite',
  'oidcIssuerEndpoint',
  ...errorCases.flatMap(([key]) => [`${key}.body`, `${key}.status`, `${key}.contentType`]),
];

/** Products › a product › Integration › Settings: the gateway's URLs, credentials and error answers. */
export function ProductIntegrationSettingsView() {
  const { productId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: integrationSettingsQuery, variables: { id: productId } });
  const product = data?.node?.__typename === 'Product' ? data.node : undefined;
  let body;
  if (error) body = <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (!product) body = fetching ? <LoadingState /> : null;
  else body = <SettingsForm productId={productId} authentication={product.authentication} settings={product.integration} />;
  return (
    <ProductPage
      productId={productId}
      title="Settings"
      description="Where the gateway listens and forwards, how it reads credentials and what it answers on errors. Changes reach gateways when promoted."
    >
      <PageSection isFilled>{body}</PageSection>
    </ProductPage>
  );
}

function SettingsForm({ productId, authentication, settings }: { productId: string; authentication: string; settings: Settings }) {
  const [values, setValues] = useState<Record<string, string>>(() => {
    const v: Record<string, string> = {
      stagingEndpoint: settings.stagingEndpoint,
      productionEndpoint: settings.productionEndpoint,
      apiBackend: settings.apiBackend,
      credentialsLocation: settings.credentialsLocation,
      authUserKey: settings.authUserKey,
      authAppID: settings.authAppID,
      authAppKey: settings.authAppKey,
      secretToken: settings.secretToken,
      hostnameRewrite: settings.hostnameRewrite,
      oidcIssuerEndpoint: settings.oidcIssuerEndpoint,
      oidcIssuerType: settings.oidcIssuerType,
    };
    for (const [key] of errorCases) {
      v[`${key}.body`] = settings[key].body;
      v[`${key}.status`] = String(settings[key].status);
      v[`${key}.contentType`] = settings[key].contentType;
    }
    return v;
  });
  const [busy, setBusy] = useState(false);
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, update] = useMutation(updateIntegrationSettingsMutation);
  const notify = useNotify();
  const set = (key: string) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const text = (key: string, label: string, helper?: string) => (
    <TextField id={`integration-${key.replace('.', '-')}`} label={label} value={values[key] ?? ''} onChange={set(key)} error={errors[key]} helper={helper} />
  );

  async function submit() {
    const found: Record<string, string> = {};
    for (const [key] of errorCases) {
      const status = Number(values[`${key}.status`]);
      if (!Number.isInteger(status) || status < 100 || status > 599) found[`${key}.status`] = 'Use an HTTP status code between 100 and 599.';
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const errorInput = (key: string) => ({
      body: values[`${key}.body`],
      status: Number(values[`${key}.status`]),
      contentType: values[`${key}.contentType`],
    });
    const result = await update({
      productID: productId,
      input: {
        stagingEndpoint: values.stagingEndpoint,
        productionEndpoint: values.productionEndpoint,
        apiBackend: values.apiBackend,
        credentialsLocation: values.credentialsLocation as CredentialsLocation,
        authUserKey: values.authUserKey,
        authAppID: values.authAppID,
        authAppKey: values.authAppKey,
        authFailed: errorInput('authFailed'),
        authMissing: errorInput('authMissing'),
        noMatch: errorInput('noMatch'),
        limitsExceeded: errorInput('limitsExceeded'),
        secretToken: values.secretToken,
        hostnameRewrite: values.hostnameRewrite,
        oidcIssuerEndpoint: values.oidcIssuerEndpoint,
        oidcIssuerType: values.oidcIssuerType as OidcIssuerType,
      },
    });
    setBusy(false);
    if (result.error) return report(result.error, 'Could not save the settings');
    notify({ variant: 'success', title: 'Saved the integration settings', description: 'Promote them to staging to reach the gateway.' });
  }

  return (
    <Form
      aria-label="Integration settings"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Grid hasGutter>
        <GridItem md={6}>
          <Card isFullHeight>
            <CardTitle component="h2">API gateway</CardTitle>
            <CardBody>
              {text('stagingEndpoint', 'Staging public base URL', 'Such as https://api-staging.example.com')}
              {text('productionEndpoint', 'Production public base URL', 'Such as https://api.example.com')}
              {text('apiBackend', 'Private base URL', 'Leave empty when the product routes to its backends.')}
              {text('secretToken', 'Secret token', 'Sent to the API in X-3scale-proxy-secret-token.')}
              {text('hostnameRewrite', 'Host rewrite', 'Host header sent to the API; empty keeps the request’s.')}
            </CardBody>
          </Card>
        </GridItem>
        <GridItem md={6}>
          <Card isFullHeight>
            <CardTitle component="h2">Credentials</CardTitle>
            <CardBody>
              <SelectField
                id="integration-credentialsLocation"
                label="Credentials location"
                value={values.credentialsLocation}
                onChange={set('credentialsLocation')}
                options={[
                  { value: 'QUERY', label: 'As query parameters' },
                  { value: 'HEADERS', label: 'As HTTP headers' },
                  { value: 'AUTHORIZATION', label: 'As HTTP basic authentication' },
                ]}
              />
              {authentication === 'APP_ID' ? (
                <>
                  {text('authAppID', 'App ID parameter name')}
                  {text('authAppKey', 'App key parameter name')}
                </>
              ) : (
                text('authUserKey', 'User key parameter name')
              )}
              {authentication === 'OIDC' ? (
                <>
                  {text('oidcIssuerEndpoint', 'OpenID Connect issuer', 'Such as https://client:secret@sso.example.com/realms/api')}
                  <SelectField
                    id="integration-oidcIssuerType"
                    label="Issuer type"
                    value={values.oidcIssuerType}
                    onChange={set('oidcIssuerType')}
                    options={[
                      { value: 'KEYCLOAK', label: 'Red Hat build of Keycloak' },
                      { value: 'REST', label: 'REST API' },
                    ]}
                  />
                </>
              ) : null}
            </CardBody>
          </Card>
        </GridItem>
        {errorCases.map(([key, title]) => (
          <GridItem md={6} xl={3} key={key}>
            <Card isFullHeight>
              <CardTitle component="h2">{title}</CardTitle>
              <CardBody>
                {text(`${key}.body`, 'Response body')}
                {text(`${key}.status`, 'Status code')}
                {text(`${key}.contentType`, 'Content type')}
              </CardBody>
            </Card>
          </GridItem>
        ))}
      </Grid>
      <ActionGroup>
        <Button type="submit" isDisabled={busy}>
          Save settings
        </Button>
      </ActionGroup>
    </Form>
  );
}
