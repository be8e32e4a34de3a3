import { FormFieldGroup, FormFieldGroupHeader } from '@patternfly/react-core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';

import { FormPage } from '../../components/FormPage';
import { TextField } from '../../components/FormFields';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { problems, requiredProblem } from '../../components/validation';
import { createAccountMutation, createUserMutation } from '../queries';
import { accountsPath, accountUrl } from '../urls';

const accountFields = ['orgName'];
const userFields = ['username', 'email', 'password'];

const emailProblem = (value: string) =>
  value.trim() === '' ? 'Enter an email address.' : /^[^\s@]+@[^\s@]+$/.test(value.trim()) ? undefined : 'Enter an email address such as jane@example.com.';

/** Audience › Accounts › Create: a developer account with, optionally, its first admin user. */
export function AccountNewView() {
  const navigate = useNavigate();
  const notify = useNotify();
  const [orgName, setOrgName] = useState('');
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Set once the account exists, so that fixing the admin user does not create a second account.
  const [created, setCreated] = useState<{ id: string; orgName: string } | null>(null);
  const account = useFormErrors(accountFields);
  const user = useFormErrors(userFields);
  const [, createAccount] = useMutation(createAccountMutation);
  const [, createUser] = useMutation(createUserMutation);
  const withUser = username.trim() !== '' || email.trim() !== '' || password !== '';

  async function submit() {
    const accountProblems = created ? {} : problems({ orgName: requiredProblem(orgName, 'the organization name') });
    const userProblems = withUser
      ? problems({
          username: requiredProblem(username, 'a username'),
          email: emailProblem(email),
          password: password !== '' && password.length < 8 ? 'Use at least 8 characters.' : undefined,
        })
      : {};
    account.setErrors(accountProblems);
    user.setErrors(userProblems);
    if (Object.keys(accountProblems).length + Object.keys(userProblems).length > 0) return;

    let target = created;
    if (!target) {
      const result = await createAccount({ input: { orgName: orgName.trim() } }, { additionalTypenames: ['Account'] });
      if (result.error || !result.data) {
        if (result.error) account.report(result.error, 'Could not create the account');
        return;
      }
      target = { id: result.data.createAccount.id, orgName: result.data.createAccount.orgName };
      setCreated(target);
    }
    if (withUser) {
      const result = await createUser(
        {
          input: { accountID: target.id, username: username.trim(), email: email.trim(), role: 'ADMIN' },
          password: password || undefined,
        },
        { additionalTypenames: ['User'] },
      );
      if (result.error) {
        user.report(result.error, `Account “${target.orgName}” was created, but not its admin user`);
        return;
      }
    }
    notify({
      variant: 'success',
      title: `Created account “${target.orgName}”`,
      description: withUser ? `With admin user ${username.trim()}.` : undefined,
    });
    navigate(accountUrl(target.id));
  }

  return (
    <>
      <PageHeader
        title="Create Account"
        description="Sign up a developer on their behalf. Accounts created here are approved at once."
        breadcrumbs={[{ label: 'Accounts', to: accountsPath }, { label: 'Create Account' }]}
      />
      <FormPage
        label="New account"
        submitLabel={created ? 'Create admin user' : 'Create account'}
        onSubmit={submit}
        onCancel={() => navigate(created ? accountUrl(created.id) : accountsPath)}
      >
        <TextField
          id="account-org-name"
          label="Organization/Group name"
          isRequired
          isDisabled={!!created}
          value={orgName}
          onChange={setOrgName}
          error={account.errors.orgName}
          helper={created ? 'The account exists; only its admin user is left to create.' : undefined}
        />
        <FormFieldGroup
          header={
            <FormFieldGroupHeader
              titleText={{ text: 'Admin user (optional)', id: 'account-admin-title' }}
              titleDescription="The person who signs in for the account. Leave empty to add users later."
            />
          }
        >
          <TextField id="account-username" label="Username" isRequired={withUser} autoComplete="off" value={username} onChange={setUsername} error={user.errors.username} />
          <TextField id="account-email" label="Email" type="email" isRequired={withUser} autoComplete="off" value={email} onChange={setEmail} error={user.errors.email} />
          <TextField
            id="account-password"
            label="Password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={setPassword}
            error={user.errors.password}
            helper="At least 8 characters. Without one, the user sets a password from the invitation."
          />
        </FormFieldGroup>
      </FormPage>
    </>
  );
}
