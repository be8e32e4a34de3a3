import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, fakeGraphQL, renderScreen } from '../../test/graphql';
import { DiscoverServicesView } from './DiscoverServicesView';

const source = 'kubeconfig /etc/portico/kubeconfig';
const pets = {
  __typename: 'DiscoveredService',
  namespace: 'shop',
  name: 'pets',
  endpoint: 'http://pets.shop.svc.cluster.local:8080/api',
  descriptionPath: '/openapi.yaml',
  imported: false,
  importedProduct: null,
};
const orders = {
  ...pets,
  name: 'orders',
  endpoint: 'http://orders.shop.svc.cluster.local:9000',
  descriptionPath: '',
  imported: true,
  importedProduct: { __typename: 'Product', id: 'p7', name: 'Orders' },
};

function discovery(services: unknown[]) {
  return {
    ServiceDiscovery: { data: { serviceDiscovery: { __typename: 'ServiceDiscovery', enabled: true, source } } },
    DiscoveredServices: { data: { serviceDiscovery: { __typename: 'ServiceDiscovery', enabled: true, source, services } } },
  };
}

describe('import from cluster', () => {
  it('explains how to turn discovery on when it is off', async () => {
    const hint = 'Service discovery is off. … set PORTICO_DISCOVERY_KUBECONFIG to the path of a kubeconfig file';
    const api = fakeGraphQL({ ServiceDiscovery: { data: { serviceDiscovery: { __typename: 'ServiceDiscovery', enabled: false, source: hint } } } });
    renderScreen(<DiscoverServicesView />, { client: api.client, path: '/products/discover' });
    expect(await screen.findByText(/PORTICO_DISCOVERY_KUBECONFIG/)).toBeInTheDocument();
    expect(api.callsOf('DiscoveredServices')).toHaveLength(0);
  });

  it('lists the services and imports one', async () => {
    const api = fakeGraphQL({
      ...discovery([orders, pets]),
      ImportDiscoveredService: {
        data: {
          importDiscoveredService: {
            __typename: 'DiscoveredServiceImport',
            product: { __typename: 'Product', id: 'p8', name: 'pets' },
            openApi: { __typename: 'OpenApiImportResult', items: [{ __typename: 'OpenApiImportItem', kind: 'MAPPING_RULE' }] },
          },
        },
      },
    });
    renderScreen(<DiscoverServicesView />, { client: api.client, path: '/products/discover' });
    const button = await screen.findByRole('button', { name: 'Import shop/pets' });
    const row = button.closest('tr') as HTMLElement;
    expect(within(row).getByText(pets.endpoint)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Orders' })).toHaveAttribute('href', '/products/p7');
    expect(screen.queryByRole('button', { name: 'Import shop/orders' })).not.toBeInTheDocument();
    await userEvent.click(button);
    expect(await screen.findByText('Imported shop/pets as “pets”')).toBeInTheDocument();
    expect(api.callsOf('ImportDiscoveredService')[0]).toEqual({ input: { namespace: 'shop', name: 'pets' } });
  });

  it('shows why an import failed', async () => {
    const api = fakeGraphQL({
      ...discovery([pets]),
      ImportDiscoveredService: apiError(
        'VALIDATION',
        'the OpenAPI document of shop/pets could not be fetched from http://pets.shop.svc.cluster.local:8080/openapi.yaml: the service answered 404 Not Found',
        'input.descriptionPath',
      ),
    });
    renderScreen(<DiscoverServicesView />, { client: api.client, path: '/products/discover' });
    await userEvent.click(await screen.findByRole('button', { name: 'Import shop/pets' }));
    expect(await screen.findByText(/the service answered 404 Not Found/)).toBeInTheDocument();
  });
});
