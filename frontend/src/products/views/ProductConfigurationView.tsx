import {
  ActionGroup,
  Button,
  Card,
  CardBody,
  CardTitle,
  CodeBlock,
  CodeBlockCode,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  Grid,
  GridItem,
  PageSection,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { DateTime } from '../../components/DateTime';
import { ErrorState } from '../../components/ErrorState';
import { SelectField } from '../../components/FormFields';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { errorMessage } from '../../graphql/errors';
import {
  productConfigurationQuery,
  promoteToProductionMutation,
  promoteToStagingMutation,
  proxyConfigDiffQuery,
} from '../../integration/gateway';
import { ServiceTokensCard } from '../../integration/components/ServiceTokensCard';
import { exampleCurl } from '../../integration/curl';
import { ProductPage } from '../components/ProductPage';

/** Products › a product › Integration › Configuration: what gateways run, promotion, versions and their differences. */
export function ProductConfigurationView() {
  const { productId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: productConfigurationQuery, variables: { id: productId } });
  const [, promoteStaging] = useMutation(promoteToStagingMutation);
  const [, promoteProduction] = useMutation(promoteToProductionMutation);
  const [busy, setBusy] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [compared, setCompared] = useState<{ from: number; to: number }>();
  const [diff] = useQuery({
    query: proxyConfigDiffQuery,
    variables: { productID: productId, from: compared?.from ?? 0, to: compared?.to ?? 0 },
    pause: !compared,
  });
  const notify = useNotify();
  const product = data?.node?.__typename === 'Product' ? data.node : undefined;

  let body;
  if (error) body = <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (!product) body = fetching ? <LoadingState /> : null;
  else {
    const staging = product.staging[0];
    const production = product.production[0];
    const app = product.applications.edges?.[0]?.node;
    const settings = product.integration;
    const curl = (endpoint: string) =>
      exampleCurl(endpoint, {
        location: settings.credentialsLocation,
        userKeyName: settings.authUserKey,
        userKey: app?.userKey,
        appID: product.authentication === 'APP_ID' ? app?.appID : undefined,
        appKey: app?.appKeys?.[0],
      });
    const stagingContent = staging ? JSON.parse(staging.content) : undefined;
    const pendingChanges = !staging || JSON.stringify(withoutVolatile(stagingContent)) !== JSON.stringify(withoutVolatile(JSON.parse(product.pendingConfig)));

    const run = async (action: () => Promise<{ error?: Parameters<typeof errorMessage>[0] }>, success: string) => {
      setBusy(true);
      const result = await action();
      setBusy(false);
      if (result.error) {
        notify({ variant: 'danger', title: 'Could not promote the configuration', description: errorMessage(result.error) });
        return;
      }
      notify({ variant: 'success', title: success });
      refetch({ requestPolicy: 'network-only' });
    };
    const versions = product.staging.map((v) => ({ value: String(v.version), label: `Version ${v.version}` }));
    body = (
      <Grid hasGutter>
        <GridItem md={6}>
          <Card>
            <CardTitle component="h2">Staging APIcast</CardTitle>
            <CardBody>
              <DescriptionList isCompact>
                <DescriptionListGroup>
                  <DescriptionListTerm>Version</DescriptionListTerm>
                  <DescriptionListDescription>{staging ? `${staging.version}` : 'Nothing promoted yet'}</DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>Public base URL</DescriptionListTerm>
                  <DescriptionListDescription>{settings.stagingEndpoint || 'Not set'}</DescriptionListDescription>
                </DescriptionListGroup>
              </DescriptionList>
              <p>{pendingChanges ? 'The settings, policies or mapping rules changed since the last promotion.' : 'Staging runs the current configuration.'}</p>
              <ActionGroup>
                <Button
                  isDisabled={busy}
                  onClick={() =>
                    void run(async () => {
                      const r = await promoteStaging({ productID: productId });
                      return { error: r.error };
                    }, 'Promoted to staging')
                  }
                >
                  Promote to staging
                </Button>
              </ActionGroup>
              <CodeBlock>
                <CodeBlockCode>{curl(settings.stagingEndpoint)}</CodeBlockCode>
              </CodeBlock>
            </CardBody>
          </Card>
        </GridItem>
        <GridItem md={6}>
          <Card>
            <CardTitle component="h2">Production APIcast</CardTitle>
            <CardBody>
              <DescriptionList isCompact>
                <DescriptionListGroup>
                  <DescriptionListTerm>Version</DescriptionListTerm>
                  <DescriptionListDescription>{production ? `${production.version}` : 'Nothing promoted yet'}</DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>Public base URL</DescriptionListTerm>
                  <DescriptionListDescription>{settings.productionEndpoint || 'Not set'}</DescriptionListDescription>
                </DescriptionListGroup>
              </DescriptionList>
              <ActionGroup>
                <Button
                  isDisabled={busy || !staging || production?.version === staging.version}
                  onClick={() =>
                    void run(async () => {
                      const r = await promoteProduction({ productID: productId, version: staging?.version });
                      return { error: r.error };
                    }, `Promoted version ${staging?.version} to production`)
                  }
                >
                  {staging ? `Promote v. ${staging.version} to production` : 'Promote to production'}
                </Button>
              </ActionGroup>
              <CodeBlock>
                <CodeBlockCode>{curl(settings.productionEndpoint)}</CodeBlockCode>
              </CodeBlock>
            </CardBody>
          </Card>
        </GridItem>
        <GridItem>
          <ServiceTokensCard productId={productId} />
        </GridItem>
        <GridItem>
          <Card>
            <CardTitle component="h2">Configuration history</CardTitle>
            <CardBody>
              {product.staging.length === 0 ? (
                <p>No configuration was promoted yet.</p>
              ) : (
                <>
                  <Table aria-label="Staging versions" variant="compact">
                    <Thead>
                      <Tr>
                        <Th>Version</Th>
                        <Th>Promoted to staging</Th>
                        <Th>In production</Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {product.staging.map((v) => (
                        <Tr key={v.id}>
                          <Td dataLabel="Version">{v.version}</Td>
                          <Td dataLabel="Promoted to staging">
                            <DateTime value={v.createdAt} />
                          </Td>
                          <Td dataLabel="In production">{product.production.some((p) => p.version === v.version) ? 'Yes' : 'No'}</Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                  <Form
                    isHorizontal
                    aria-label="Compare versions"
                    onSubmit={(event) => {
                      event.preventDefault();
                      if (from && to) setCompared({ from: Number(from), to: Number(to) });
                    }}
                  >
                    <SelectField id="diff-from" label="From" value={from} onChange={setFrom} options={versions} placeholder="Choose a version" />
                    <SelectField id="diff-to" label="To" value={to} onChange={setTo} options={versions} placeholder="Choose a version" />
                    <ActionGroup>
                      <Button type="submit" variant="secondary" isDisabled={!from || !to}>
                        Show differences
                      </Button>
                    </ActionGroup>
                  </Form>
                  {compared && diff.data ? (
                    diff.data.proxyConfigDiff.length === 0 ? (
                      <p>Versions {compared.from} and {compared.to} are the same.</p>
                    ) : (
                      <Table aria-label={`Differences between versions ${compared.from} and ${compared.to}`} variant="compact">
                        <Thead>
                          <Tr>
                            <Th>Field</Th>
                            <Th>Version {compared.from}</Th>
                            <Th>Version {compared.to}</Th>
                          </Tr>
                        </Thead>
                        <Tbody>
                          {diff.data.proxyConfigDiff.map((c) => (
                            <Tr key={c.path}>
                              <Td dataLabel="Field">
                                <code>{c.path}</code>
                              </Td>
                              <Td dataLabel={`Version ${compared.from}`} modifier="breakWord">
                                {c.before || '—'}
                              </Td>
                              <Td dataLabel={`Version ${compared.to}`} modifier="breakWord">
                                {c.after || '—'}
                              </Td>
                            </Tr>
                          ))}
                        </Tbody>
                      </Table>
                    )
                  ) : null}
                </>
              )}
            </CardBody>
          </Card>
        </GridItem>
      </Grid>
    );
  }
  return (
    <ProductPage
      productId={productId}
      title="Configuration"
      description="Promote the product's settings, policies and mapping rules to the staging gateway, then a tested version to production."
    >
      <PageSection isFilled>{body}</PageSection>
    </ProductPage>
  );
}

/** A configuration without the fields that change on every save. */
function withoutVolatile(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutVolatile);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'updated_at' && k !== 'lock_version')
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, withoutVolatile(x)]),
    );
  }
  return v;
}
