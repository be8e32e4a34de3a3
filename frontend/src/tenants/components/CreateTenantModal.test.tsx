import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { apiError, fakeGraphQL, renderScreen, type Handler } from '../../test/graphql';
import { CreateTenantModal } from './CreateTenantModal';

const created = {
  data: {
    createProvider: {
      __typename: 'CreateProviderPayload',
      provider: { __typename: 'Tenant', id: '9', orgName: 'Beta Corp', adminDomain: 'beta-corp-admin.portico.test' },
      adminUsername: 'beta-admin',
      accessToken: 'tok_0123456789abcdef',
    },
  },
};

function setup(createProvider?: Handler) {
  const user = userEvent.setup();
  const api = fakeGraphQL(createProvider ? { CreateProvider: createProvider } : {});
  const onClose = vi.fn();
  const onOpen = vi.fn();
  renderScreen(<CreateTenantModal onClose={onClose} onOpen={onOpen} />, { client: api.client });
  const dialog = screen.getByRole('dialog', { name: 'Create tenant' });
  const field = (label: string) => within(dialog).getByLabelText(label, { exact: false, selector: 'input' });
  async function fill(values: { org?: string; username?: string; email?: string; password?: string }) {
    if (values.org !== undefined) await user.type(field('Organization name'), values.org);
    if (values.username !== undefined) await user.type(field('Admin username'), values.username);
    if (values.email !== undefined) await user.type(field('Admin email'), values.email);
    if (values.password !== undefined) await user.type(field('Admin password'), values.password);
  }
  const submit = () => user.click(within(dialog).getByRole('button', { name: 'Create tenant' }));
  return { user, api, onClose, onOpen, dialog, field, fill, submit };
}

describe('CreateTenantModal', () => {
  it('asks for every field before sending anything', async () => {
    const { api, dialog, field, submit } = setup();

    await submit();

    expect(within(dialog).getByText('Enter the organization name.')).toBeInTheDocument();
    expect(within(dialog).getByText('Enter a username.')).toBeInTheDocument();
    expect(within(dialog).getByText('Enter an email address.')).toBeInTheDocument();
    expect(within(dialog).getByText('Enter a password.')).toBeInTheDocument();
    expect(field('Organization name')).toHaveAccessibleDescription(/^Enter the organization name\./);
    expect(field('Organization name')).toHaveAttribute('aria-invalid', 'true');
    expect(api.calls).toEqual([]);
  });

  it('treats blank text as missing', async () => {
    const { api, dialog, fill, submit } = setup();

    await fill({ org: '   ', username: 'beta-admin', email: 'ops@beta.test', password: 'Secret-123' });
    await submit();

    expect(within(dialog).getByText('Enter the organization name.')).toBeInTheDocument();
    expect(within(dialog).queryByText('Enter a username.')).not.toBeInTheDocument();
    expect(api.calls).toEqual([]);
  });

  it('refuses an email address that is not one', async () => {
    const { api, field, fill, submit } = setup();

    await fill({ org: 'Beta Corp', username: 'beta-admin', email: 'ops-at-beta', password: 'Secret-123' });
    await submit();

    expect(field('Admin email')).toHaveAccessibleDescription(/^Enter an email address such as jane@example\.com\./);
    expect(field('Organization name')).not.toHaveAttribute('aria-invalid', 'true');
    expect(api.calls).toEqual([]);
  });

  it("shows the API's refusal of the organization name next to that field", async () => {
    const { api, dialog, field, fill, submit } = setup(apiError('VALIDATION', 'org_name: has already been taken', 'org_name'));

    await fill({ org: ' Beta Corp ', username: 'beta-admin', email: 'ops@beta.test', password: 'Secret-123' });
    await submit();

    expect(await within(dialog).findByText('Has already been taken')).toBeInTheDocument();
    expect(field('Organization name')).toHaveAccessibleDescription(/^Has already been taken/);
    expect(field('Organization name')).toHaveAttribute('aria-invalid', 'true');
    expect(field('Admin username')).not.toHaveAttribute('aria-invalid', 'true');
    // The dialog stays as it was, for a correction.
    expect(screen.getByRole('dialog', { name: 'Create tenant' })).toBe(dialog);
    expect(api.callsOf('CreateProvider')).toEqual([
      { input: { orgName: 'Beta Corp', username: 'beta-admin', email: 'ops@beta.test', password: 'Secret-123' } },
    ]);
  });

  it('reports an error that belongs to no field as a toast', async () => {
    const { dialog, fill, submit } = setup(apiError('FORBIDDEN', 'master only'));

    await fill({ org: 'Beta Corp', username: 'beta-admin', email: 'ops@beta.test', password: 'Secret-123' });
    await submit();

    expect(await screen.findByText('Could not create the tenant')).toBeInTheDocument();
    expect(screen.getByText('You do not have permission to do this.')).toBeInTheDocument();
    expect(within(dialog).queryByText('master only')).not.toBeInTheDocument();
  });

  it('shows once the admin portal and the access token of the new tenant, and opens it', async () => {
    const { user, api, onOpen, onClose, fill, submit } = setup(created);

    await fill({ org: 'Beta Corp', username: 'beta-admin', email: 'ops@beta.test', password: 'Secret-123' });
    await submit();

    const done = await screen.findByRole('dialog', { name: 'Beta Corp was created' });
    expect(screen.queryByRole('dialog', { name: 'Create tenant' })).not.toBeInTheDocument();
    const { protocol, port } = window.location;
    const portal = `${protocol}//beta-corp-admin.portico.test${port ? `:${port}` : ''}`;
    expect(within(done).getByRole('link', { name: portal })).toHaveAttribute('href', portal);
    expect(done).toHaveTextContent(`Its admin beta-admin signs in at ${portal} with the password you chose.`);
    expect(within(done).getByRole('textbox', { name: 'Administration access token' })).toHaveValue('tok_0123456789abcdef');
    expect(within(done).getByText('Copy the access token now: it is not shown again.')).toBeInTheDocument();
    expect(api.callsOf('CreateProvider')).toEqual([
      { input: { orgName: 'Beta Corp', username: 'beta-admin', email: 'ops@beta.test', password: 'Secret-123' } },
    ]);

    await user.click(within(done).getByRole('button', { name: 'Open tenant' }));
    expect(onOpen).toHaveBeenCalledWith('9');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('closes from the success dialog without opening the tenant', async () => {
    const { user, onOpen, onClose, fill, submit } = setup(created);

    await fill({ org: 'Beta Corp', username: 'beta-admin', email: 'ops@beta.test', password: 'Secret-123' });
    await submit();
    const done = await screen.findByRole('dialog', { name: 'Beta Corp was created' });

    const footer = within(done).getByRole('button', { name: 'Open tenant' }).parentElement as HTMLElement;
    await user.click(within(footer).getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onOpen).not.toHaveBeenCalled();
  });
});
