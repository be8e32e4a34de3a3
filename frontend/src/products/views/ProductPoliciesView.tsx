import {
  ActionGroup,
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  Flex,
  FlexItem,
  Form,
  PageSection,
  Switch,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ErrorState } from '../../components/ErrorState';
import { SelectField } from '../../components/FormFields';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { errorMessage } from '../../graphql/errors';
import type { IntegrationSettingsQuery } from '../../gql/graphql';
import { PolicyConfigForm, type PolicyJSONSchema } from '../../integration/components/PolicyConfigForm';
import { integrationSettingsQuery, updateIntegrationSettingsMutation } from '../../integration/gateway';
import { ProductPage } from '../components/ProductPage';

type Registry = IntegrationSettingsQuery['policyRegistry'];

interface ChainEntry {
  key: number;
  name: string;
  version: string;
  enabled: boolean;
  configuration: Record<string, unknown>;
}

const builtin = 'apicast';

/** Products › a product › Integration › Policies: the ordered policy chain, one form per policy. */
export function ProductPoliciesView() {
  const { productId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: integrationSettingsQuery, variables: { id: productId } });
  const product = data?.node?.__typename === 'Product' ? data.node : undefined;
  let body;
  if (error) body = <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (!product || !data) body = fetching ? <LoadingState /> : null;
  else
    body = (
      <PolicyChainEditor
        productId={productId}
        registry={data.policyRegistry}
        chain={product.integration.policyChain.map((p, i) => ({
          key: i,
          name: p.name,
          version: p.version,
          enabled: p.enabled,
          configuration: (p.configuration ?? {}) as Record<string, unknown>,
        }))}
      />
    );
  return (
    <ProductPage
      productId={productId}
      title="Policies"
      description="The policies the gateway runs on each request, in order. The APIcast policy authorizes and reports the request; it is always in the chain."
    >
      <PageSection isFilled>{body}</PageSection>
    </ProductPage>
  );
}

function PolicyChainEditor({ productId, registry, chain: initial }: { productId: string; registry: Registry; chain: ChainEntry[] }) {
  const [chain, setChain] = useState(initial);
  const [adding, setAdding] = useState('');
  const [busy, setBusy] = useState(false);
  const [, update] = useMutation(updateIntegrationSettingsMutation);
  const notify = useNotify();
  const schemaOf = (name: string, version: string) => registry.find((p) => p.name === name && p.version === version);
  // Built-in policies are chosen by name, custom ones by name and version.
  const keyOf = (p: { name: string; version: string; custom: boolean }) => (p.custom ? `${p.name}@${p.version}` : p.name);

  const move = (i: number, by: number) =>
    setChain((c) => {
      const next = [...c];
      const [item] = next.splice(i, 1);
      next.splice(i + by, 0, item);
      return next;
    });
  const change = (i: number, patch: Partial<ChainEntry>) => setChain((c) => c.map((e, j) => (j === i ? { ...e, ...patch } : e)));

  async function save() {
    setBusy(true);
    const result = await update({
      productID: productId,
      input: { policyChain: chain.map(({ name, version, enabled, configuration }) => ({ name, version, enabled, configuration })) },
    });
    setBusy(false);
    if (result.error) {
      notify({ variant: 'danger', title: 'Could not save the policy chain', description: errorMessage(result.error) });
      return;
    }
    notify({ variant: 'success', title: 'Saved the policy chain', description: 'Promote it to staging to reach the gateway.' });
  }

  return (
    <>
      <Form
        isHorizontal
        aria-label="Add a policy"
        onSubmit={(event) => {
          event.preventDefault();
          const schema = registry.find((p) => keyOf(p) === adding);
          if (!schema) return;
          setChain((c) => [{ key: Date.now(), name: schema.name, version: schema.version, enabled: true, configuration: {} }, ...c]);
          setAdding('');
        }}
      >
        <SelectField
          id="policy-add"
          label="Policy"
          value={adding}
          onChange={setAdding}
          placeholder="Choose a policy"
          options={registry
            .filter((p) => p.name !== builtin)
            .map((p) => ({ value: keyOf(p), label: p.custom ? `${p.summary} (${p.name} ${p.version}, custom)` : `${p.summary} (${p.name})` }))}
        />
        <ActionGroup>
          <Button type="submit" variant="secondary" isDisabled={!adding}>
            Add policy
          </Button>
        </ActionGroup>
      </Form>
      {chain.map((entry, i) => {
        const schema = schemaOf(entry.name, entry.version);
        const title = schema ? `${schema.summary}` : entry.name;
        return (
          <Card key={entry.key} className="pf-v6-u-mt-md" aria-label={`Policy ${i + 1}: ${title}`} component="section">
            <CardHeader
              actions={{
                actions: (
                  <Flex>
                    <FlexItem>
                      <Button variant="plain" aria-label={`Move ${title} up`} isDisabled={i === 0} onClick={() => move(i, -1)}>
                        ↑
                      </Button>
                    </FlexItem>
                    <FlexItem>
                      <Button variant="plain" aria-label={`Move ${title} down`} isDisabled={i === chain.length - 1} onClick={() => move(i, 1)}>
                        ↓
                      </Button>
                    </FlexItem>
                    {entry.name !== builtin ? (
                      <FlexItem>
                        <Button variant="link" isDanger onClick={() => setChain((c) => c.filter((_, j) => j !== i))}>
                          Remove {title}
                        </Button>
                      </FlexItem>
                    ) : null}
                  </Flex>
                ),
              }}
            >
              <CardTitle component="h2">
                {i + 1}. {title} <small>({schema?.custom ? `${entry.name} ${entry.version}, custom` : entry.name})</small>
              </CardTitle>
            </CardHeader>
            <CardBody>
              {schema?.description ? <p>{schema.description}</p> : null}
              {entry.name !== builtin ? (
                <Switch
                  id={`policy-${entry.key}-enabled`}
                  label="Enabled"
                  isChecked={entry.enabled}
                  onChange={(_event, checked) => change(i, { enabled: checked })}
                />
              ) : null}
              {schema ? (
                <PolicyConfigForm
                  id={`policy-${entry.key}`}
                  schema={schema.schema as PolicyJSONSchema}
                  value={entry.configuration}
                  onChange={(configuration) => change(i, { configuration })}
                />
              ) : null}
            </CardBody>
          </Card>
        );
      })}
      <ActionGroup className="pf-v6-u-mt-md">
        <Button isDisabled={busy} onClick={() => void save()}>
          Save policy chain
        </Button>
      </ActionGroup>
    </>
  );
}
