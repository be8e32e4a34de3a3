import { FormFieldGroup, FormFieldGroupHeader, FormGroup, Radio } from '@patternfly/react-core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { FormPage } from '../../components/FormPage';
import { TextField } from '../../components/FormFields';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { countOf } from '../../components/plural';
import { useFormErrors } from '../../components/useFormErrors';
import { problems, requiredProblem } from '../../components/validation';
import { RecordFieldInputs } from '../components/RecordFields';
import { fieldProblems, filledValues, type RecordField } from '../components/fieldRules';
import { newRecordFieldsQuery, signUpAccountMutation } from '../queries';
import { accountsPath, accountUrl } from '../urls';


const emailProblem = (value: string) =>
  value.trim() === '' ? 'Enter an email address.' : /^[^\s@]+@[^\s@]+$/.test(value.trim()) ? undefined : 'Enter an email address such as jane@example.com.';

/** How the account gets its first admin user. */
type AdminMode = 'create' | 'invite' | 'later';

const adminModes: { value: AdminMode; label: string; description: string }[] = [
  { value: 'create', label: 'Create the admin user', description: 'Active at once, with the password you set here.' },
  {
    value: 'invite',
    label: 'Invite the admin by email',
    description: 'The developer portal link in the email lets them choose a username and password; whoever accepts first becomes the admin.',
  },
  { value: 'later', label: 'Add users later', description: 'The account starts without users.' },
];

/**
 * Audience › Accounts › Create: signs a developer up on their behalf, as
 * 3scale's admin portal does. One mutation makes the approved account, its
 * admin user or invitation, and its default subscriptions and applications,
 * so a refusal leaves nothing half made.
 */
export function AccountNewView() {
  const navigate = useNavigate();
  const notify = useNotify();
  const [orgName, setOrgName] = useState('');
  const [mode, setMode] = useState<AdminMode>('create');
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [{ data: fieldData }] = useQuery({ query: newRecordFieldsQuery });
  // As 3scale's form: the fields every account or user has, and the defined ones.
  const offered = (list: readonly RecordField[] | undefined, own: string[]) =>
    (list ?? []).filter((field) => !own.includes(field.name) && (field.kind === 'CORE' || field.defined));
  const accountFields = offered(fieldData?.account, ['org_name']);
  const userFields = offered(fieldData?.user, ['username', 'email']);
  const [accountValues, setAccountValues] = useState<Record<string, string>>({});
  const [userValues, setUserValues] = useState<Record<string, string>>({});
  const form = useFormErrors([
    'orgName',
    'username',
    'email',
    'password',
    'userFields',
    ...accountFields.map((field) => `accountFields.${field.name}`),
    ...userFields.map((field) => `userFields.${field.name}`),
  ]);
  const [, signUp] = useMutation(signUpAccountMutation);

  async function submit() {
    const found = problems({
      orgName: requiredProblem(orgName, 'the organization name'),
      username: mode === 'create' ? requiredProblem(username, 'a username') : undefined,
      email: mode === 'later' ? undefined : emailProblem(email),
      password:
        mode !== 'create' ? undefined : password === '' ? 'Enter a password.' : password.length < 8 ? 'Use at least 8 characters.' : undefined,
      ...fieldProblems(accountFields, accountValues, (name) => `accountFields.${name}`),
      ...(mode === 'create' ? fieldProblems(userFields, userValues, (name) => `userFields.${name}`) : {}),
    });
    form.setErrors(found);
    if (Object.keys(found).length > 0) return;

    const accountGiven = filledValues(accountValues);
    const userGiven = filledValues(userValues);
    const input = {
      orgName: orgName.trim(),
      ...(Object.keys(accountGiven).length > 0 ? { accountFields: accountGiven } : {}),
      ...(mode === 'create' ? { username: username.trim(), email: email.trim(), password } : {}),
      ...(mode === 'create' && Object.keys(userGiven).length > 0 ? { userFields: userGiven } : {}),
      ...(mode === 'invite' ? { email: email.trim() } : {}),
    };
    const result = await signUp({ input }, { additionalTypenames: ['Account', 'User', 'Application', 'ServiceSubscription', 'Invitation'] });
    if (result.error || !result.data) {
      if (result.error) form.report(result.error, 'Could not create the account');
      return;
    }
    const made = result.data.signUpAccount;
    const who = made.admin ? `With admin user ${made.admin.username}` : made.invitation ? `Invitation sent to ${made.invitation.email}` : 'Without users';
    notify({
      variant: 'success',
      title: `Created account “${made.account.orgName}”`,
      description: `${who} and ${countOf(made.applications.length, 'application')}.`,
    });
    navigate(accountUrl(made.account.id));
  }

  return (
    <>
      <PageHeader
        title="Create Account"
        description="Sign up a developer on their behalf. The account is approved at once and gets an application on each product's default plan."
        breadcrumbs={[{ label: 'Accounts', to: accountsPath }, { label: 'Create Account' }]}
      />
      <FormPage label="New account" submitLabel="Create account" onSubmit={submit} onCancel={() => navigate(accountsPath)}>
        <TextField
          id="account-org-name"
          label="Organization/Group name"
          isRequired
          value={orgName}
          onChange={setOrgName}
          error={form.errors.orgName}
        />
        <RecordFieldInputs
          fields={accountFields}
          idPrefix="account-field"
          values={accountValues}
          onChange={setAccountValues}
          errors={form.errors}
          errorKey={(name) => `accountFields.${name}`}
        />
        <FormFieldGroup
          header={
            <FormFieldGroupHeader
              titleText={{ text: 'Admin user', id: 'account-admin-title' }}
              titleDescription="The person who signs in to the developer portal for the account."
            />
          }
        >
          <FormGroup role="radiogroup" fieldId="account-admin-mode" aria-labelledby="account-admin-title" isStack>
            {adminModes.map((option) => (
              <Radio
                key={option.value}
                id={`account-admin-${option.value}`}
                name="account-admin-mode"
                label={option.label}
                description={option.description}
                isChecked={mode === option.value}
                onChange={() => {
                  setMode(option.value);
                  form.setErrors({});
                }}
              />
            ))}
          </FormGroup>
          {mode === 'create' && (
            <TextField id="account-username" label="Username" isRequired autoComplete="off" value={username} onChange={setUsername} error={form.errors.username} />
          )}
          {mode !== 'later' && (
            <TextField id="account-email" label="Email" type="email" isRequired autoComplete="off" value={email} onChange={setEmail} error={form.errors.email} />
          )}
          {mode === 'create' && (
            <TextField
              id="account-password"
              label="Password"
              type="password"
              isRequired
              autoComplete="new-password"
              value={password}
              onChange={setPassword}
              error={form.errors.password}
              helper="At least 8 characters; a strong one when Usage rules ask developers for strong passwords."
            />
          )}
          {mode === 'create' && (
            <RecordFieldInputs
              fields={userFields}
              idPrefix="account-user-field"
              values={userValues}
              onChange={setUserValues}
              errors={form.errors}
              errorKey={(name) => `userFields.${name}`}
            />
          )}
        </FormFieldGroup>
      </FormPage>
    </>
  );
}
