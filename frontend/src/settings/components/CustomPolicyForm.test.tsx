import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, expectLocation, fakeGraphQL, renderScreen } from '../../test/graphql';
import { CustomPolicyEditView, CustomPolicyNewView } from '../views/CustomPolicyFormView';
import { PolicyRegistryView } from '../views/PolicyRegistryView';
import { manifestProblem } from './manifest';

const manifest = {
  name: 'geo_fence',
  version: '1.0',
  summary: 'Region fence',
  configuration: { type: 'object', properties: { region: { type: 'string' } } },
};
const policy = { __typename: 'CustomPolicy', id: 'p1', name: 'geo_fence', version: '1.0', summary: 'Region fence', manifest, usedBy: [], updatedAt: '2026-12-05T06:00:00Z' };

/** Replaces the manifest textarea's text (typing JSON braces would be read as key names). */
function setManifest(text: string) {
  fireEvent.change(screen.getByLabelText(/Policy manifest/), { target: { value: text } });
}

describe('custom policy form', () => {
  it('checks the text is a JSON object before sending it', () => {
    expect(manifestProblem('')).toBe('Enter the policy manifest.');
    expect(manifestProblem('{"name":')).toMatch(/^The manifest is not JSON/);
    expect(manifestProblem('[1]')).toBe('The manifest must be a JSON object.');
    expect(manifestProblem(JSON.stringify(manifest))).toBeUndefined();
  });

  it('registers a policy from its manifest and returns to the registry', async () => {
    const api = fakeGraphQL({ CreateCustomPolicy: { data: { createCustomPolicy: policy } } });
    renderScreen(<CustomPolicyNewView />, { client: api.client, path: '/settings/policies/new' });
    expect((screen.getByLabelText(/Policy manifest/) as HTMLTextAreaElement).value).toContain('"configuration"');

    setManifest('{"name": ');
    await userEvent.click(screen.getByRole('button', { name: 'Register policy' }));
    expect(screen.getByText(/The manifest is not JSON/)).toBeInTheDocument();
    expect(api.callsOf('CreateCustomPolicy')).toHaveLength(0);

    setManifest(JSON.stringify(manifest));
    await userEvent.click(screen.getByRole('button', { name: 'Register policy' }));
    await expectLocation('/settings/policies');
    expect(api.callsOf('CreateCustomPolicy')[0]).toEqual({ input: { manifest } });
  });

  it('puts the server’s complaint about the manifest next to the field', async () => {
    const api = fakeGraphQL({
      CreateCustomPolicy: apiError('VALIDATION', 'manifest: configuration.type: value must be one of …', 'input.manifest'),
    });
    renderScreen(<CustomPolicyNewView />, { client: api.client, path: '/settings/policies/new' });
    setManifest(JSON.stringify({ ...manifest, configuration: { type: 'banana' } }));
    await userEvent.click(screen.getByRole('button', { name: 'Register policy' }));
    expect(await screen.findByText(/configuration\.type: value must be one of/i)).toBeInTheDocument();
    expect(screen.getByLabelText(/Policy manifest/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('edits the stored manifest and says which products hold the policy', async () => {
    const api = fakeGraphQL({
      CustomPolicy: { data: { customPolicy: { ...policy, usedBy: [{ __typename: 'Product', id: 'pr1', name: 'Maps' }] } } },
      UpdateCustomPolicy: { data: { updateCustomPolicy: policy } },
    });
    renderScreen(<CustomPolicyEditView />, { client: api.client, path: '/settings/policies/p1', route: '/settings/policies/:policyId' });
    expect(await screen.findByText(/In the policy chain of Maps/)).toBeInTheDocument();
    expect(JSON.parse((screen.getByLabelText(/Policy manifest/) as HTMLTextAreaElement).value)).toEqual(manifest);
    setManifest(JSON.stringify({ ...manifest, summary: 'Fence' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved geo_fence')).toBeInTheDocument();
    expect(api.callsOf('UpdateCustomPolicy')[0]).toEqual({ id: 'p1', input: { manifest: { ...manifest, summary: 'Fence' } } });
  });

  it('shows why a policy in use cannot be deleted', async () => {
    const api = fakeGraphQL({
      CustomPolicies: { data: { customPolicies: [{ ...policy, usedBy: [{ __typename: 'Product', id: 'pr1', name: 'Maps' }] }] } },
      DeleteCustomPolicy: apiError('CONFLICT', 'policy geo_fence 1.0 is in the policy chain of "Maps"; remove it from the chain first'),
    });
    renderScreen(<PolicyRegistryView />, { client: api.client, path: '/settings/policies' });
    expect(await screen.findByRole('link', { name: 'Maps' })).toHaveAttribute('href', '/products/pr1/integration/policies');
    await userEvent.click(screen.getByRole('button', { name: /actions/i }));
    await userEvent.click(screen.getByRole('menuitem', { name: 'Delete' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText(/is in the policy chain of "Maps"; remove it from the chain first/)).toBeInTheDocument();
  });
});
