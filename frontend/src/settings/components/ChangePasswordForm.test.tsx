import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, fakeGraphQL, renderScreen } from '../../test/graphql';
import { ChangePasswordForm } from './ChangePasswordForm';

const strong = { minLength: 12, refusesCommon: true, requiresCharacterClasses: true };
const basic = { minLength: 8, refusesCommon: false, requiresCharacterClasses: false };

async function change(current: string, next: string, confirm = next) {
  await userEvent.type(screen.getByLabelText(/Current password/), current);
  await userEvent.type(screen.getByLabelText(/^New password/), next);
  await userEvent.type(screen.getByLabelText(/Confirm new password/), confirm);
  await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('ChangePasswordForm', () => {
  it('hints at and enforces the strong password policy', async () => {
    const api = fakeGraphQL({});
    renderScreen(<ChangePasswordForm policy={strong} />, { client: api.client });
    expect(screen.getByText(/with upper and lower case letters, a digit and a special character/)).toBeInTheDocument();
    await change('Old-pass1', 'alllowercase-but-long');
    expect(screen.getByText('Must mix upper and lower case letters, a digit and a special character.')).toBeInTheDocument();
    expect(api.calls).toHaveLength(0);
  });

  it('counts characters and classes letters as the server does', async () => {
    const api = fakeGraphQL({ ChangePassword: { data: { changePassword: true } } });
    renderScreen(<ChangePasswordForm policy={strong} />, { client: api.client });
    expect(screen.getByText('At least 12 characters, with upper and lower case letters, a digit and a special character. Common passwords are refused.')).toBeInTheDocument();
    // Twelve characters though more bytes, with non-ASCII upper and lower case letters.
    await change('Old-pass1', 'Ärger-über-1');
    expect(screen.queryByText(/^Must/)).not.toBeInTheDocument();
    expect(api.callsOf('ChangePassword')).toHaveLength(1);
  });

  it('asks for the same new password twice', async () => {
    const api = fakeGraphQL({});
    renderScreen(<ChangePasswordForm policy={basic} />, { client: api.client });
    expect(screen.getByText('At least 8 characters.')).toBeInTheDocument();
    await change('old-pass', 'new-password', 'new-passwort');
    expect(screen.getByText('The passwords do not match.')).toBeInTheDocument();
  });

  it('shows a wrong current password next to its field', async () => {
    const api = fakeGraphQL({
      ChangePassword: apiError('VALIDATION', 'current_password: is not your current password', 'input.currentPassword'),
    });
    renderScreen(<ChangePasswordForm policy={basic} />, { client: api.client });
    await change('wrong-one', 'New-pass-1');
    expect(await screen.findByText('Is not your current password')).toBeInTheDocument();
  });

  it('changes the password and clears the form', async () => {
    const api = fakeGraphQL({ ChangePassword: { data: { changePassword: true } } });
    renderScreen(<ChangePasswordForm policy={strong} />, { client: api.client });
    await change('Old-pass1', 'New-pass-2-long');
    expect(await screen.findByText('Password changed')).toBeInTheDocument();
    expect(api.callsOf('ChangePassword')[0]).toEqual({ input: { currentPassword: 'Old-pass1', newPassword: 'New-pass-2-long' } });
    expect(screen.getByLabelText(/Current password/)).toHaveValue('');
  });
});
