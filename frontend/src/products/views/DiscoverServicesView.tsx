import { Alert, Button, PageSection } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ListTable } from '../../components/ListTable';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/ErrorState';
import { errorMessage } from '../../graphql/errors';
import { discoveredServicesQuery, importDiscoveredServiceMutation, serviceDiscoveryQuery } from '../queries';
import { productsPath, productUrl } from '../urls';

const context = { additionalTypenames: ['Product', 'Backend'] };

/** Products › Import from cluster: Kubernetes services labelled discovery.3scale.net=true, imported as products. */
export function DiscoverServicesView() {
  const [{ data: status, fetching: statusFetching, error: statusError }, refetchStatus] = useQuery({ query: serviceDiscoveryQuery });
  const enabled = status?.serviceDiscovery.enabled === true;
  const [{ data, fetching, error }, refetch] = useQuery({
    query: discoveredServicesQuery,
    pause: !enabled,
    context: useMemo(() => context, []),
  });
  const [, importService] = useMutation(importDiscoveredServiceMutation);
  const [busy, setBusy] = useState<string | null>(null);
  const notify = useNotify();

  async function run(namespace: string, name: string) {
    setBusy(`${namespace}/${name}`);
    const result = await importService({ input: { namespace, name } }, context);
    setBusy(null);
    if (result.error || !result.data) {
      notify({ variant: 'danger', title: `Could not import ${namespace}/${name}`, description: errorMessage(result.error) });
      return;
    }
    const done = result.data.importDiscoveredService;
    const operations = done.openApi?.items.filter((i) => i.kind === 'MAPPING_RULE').length;
    notify({
      variant: 'success',
      title: `Imported ${namespace}/${name} as “${done.product.name}”`,
      description: operations === undefined ? 'The service annotates no OpenAPI document.' : `${operations} mapping rules from its OpenAPI document.`,
    });
  }

  let body;
  if (statusError) {
    body = <ErrorState error={statusError} onRetry={() => refetchStatus({ requestPolicy: 'network-only' })} />;
  } else if (!status) {
    body = statusFetching ? <LoadingState /> : null;
  } else if (!enabled) {
    body = (
      <Alert variant="info" isInline title="Service discovery is off">
        <p>{status.serviceDiscovery.source}</p>
      </Alert>
    );
  } else {
    body = (
      <>
        <p className="pf-v6-u-mb-md">Reached through the {status.serviceDiscovery.source}.</p>
        <ListTable
          label="Discovered services"
          rows={data?.serviceDiscovery.services.map((s) => ({ ...s, id: `${s.namespace}/${s.name}` }))}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          empty={
            <BlankState title="No discoverable services">
              Label a Kubernetes service discovery.3scale.net=true (and annotate its scheme, port, path and description path) to offer it here.
            </BlankState>
          }
          rowLabel={(s) => s.id}
          columns={[
            { title: 'Namespace', width: 15, cell: (s) => s.namespace },
            { title: 'Service', width: 15, cell: (s) => s.name },
            { title: 'Backend endpoint', cell: (s) => <code>{s.endpoint}</code> },
            { title: 'OpenAPI document', width: 15, cell: (s) => (s.descriptionPath ? <code>{s.descriptionPath}</code> : 'None') },
            {
              title: 'Product',
              width: 20,
              cell: (s) =>
                s.importedProduct ? (
                  <Link to={productUrl(s.importedProduct.id)}>{s.importedProduct.name}</Link>
                ) : s.imported ? (
                  'Imported'
                ) : (
                  <Button
                    variant="secondary"
                    size="sm"
                    aria-label={`Import ${s.id}`}
                    isLoading={busy === s.id}
                    isDisabled={busy !== null}
                    onClick={() => void run(s.namespace, s.name)}
                  >
                    Import
                  </Button>
                ),
            },
          ]}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Import from cluster"
        description="Kubernetes services labelled discovery.3scale.net=true. Importing one creates a product with a backend at the service’s cluster address and, when the service annotates a description path, the methods, mapping rules and ActiveDoc of its OpenAPI document."
        breadcrumbs={[{ label: 'Products', to: productsPath }, { label: 'Import from cluster' }]}
      />
      <PageSection isFilled>{body}</PageSection>
    </>
  );
}
