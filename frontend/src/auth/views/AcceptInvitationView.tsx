import { EmptyState, EmptyStateBody, EmptyStateFooter, LoginPage } from '@patternfly/react-core';
import { ExclamationTriangleIcon } from '@patternfly/react-icons';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { TextField } from '../../components/FormFields';
import { useDocumentTitle } from '../../components/PageHeader';
import { passwordProblem, policyHint, problems, requiredProblem } from '../../components/validation';
import { dashboardPath } from '../../dashboard/urls';
import { errorKind, errorMessage, formErrors } from '../../graphql/errors';
import { useAuth } from '../AuthProvider';
import { PublicForm } from '../components/PublicForm';
import { acceptInvitationMutation, invitationPasswordPolicyQuery } from '../queries';
import { sentence } from '../sentence';
import { loginPath } from '../urls';

const fields = ['username', 'password', 'firstName', 'lastName'] as const;

/** `/accept-invitation?token=…`: the link of a team invitation email. Creates the member and signs them in. */
export function AcceptInvitationView() {
  useDocumentTitle('Accept invitation');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { session, state } = useAuth();
  const [values, setValues] = useState({ username: '', firstName: '', lastName: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [deadLink, setDeadLink] = useState<string | null>(token ? null : 'This link is incomplete. Open the link from the invitation email again.');
  const [done, setDone] = useState(false);
  const [, accept] = useMutation(acceptInvitationMutation);
  // The policy the server will hold the password to; a link it does not know is dead.
  const [{ data: policyData, error: policyError }] = useQuery({
    query: invitationPasswordPolicyQuery,
    variables: { token },
    pause: !token,
  });
  // Until it has come, the server alone checks the password.
  const policy = policyData?.invitationPasswordPolicy ?? null;
  const goneLink =
    deadLink ?? (policyError && errorKind(policyError) === 'NOT_FOUND' ? 'This invitation link is not valid: it may have been replaced by a newer one.' : null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof values) => (value: string) => setValues((old) => ({ ...old, [field]: value }));

  async function submit() {
    if (busy) return;
    setFailure(null);
    const found = problems({
      username: requiredProblem(values.username, 'a username'),
      password: policy ? passwordProblem(values.password, policy) : undefined,
      confirm: values.confirm !== values.password ? 'The passwords do not match.' : undefined,
    });
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const result = await accept({
        token,
        username: values.username.trim(),
        password: values.password,
        firstName: values.firstName.trim() || null,
        lastName: values.lastName.trim() || null,
      });
      if (result.error) {
        const placed = formErrors(result.error, fields, '');
        setErrors(placed.fields);
        const kind = errorKind(result.error);
        if (Object.keys(placed.fields).length === 0 && (kind === 'NOT_FOUND' || kind === 'CONFLICT')) {
          setDeadLink(
            kind === 'NOT_FOUND'
              ? 'This invitation link is not valid: it may have been replaced by a newer one.'
              : errorMessage(result.error),
          );
        } else if (placed.other) {
          setFailure(placed.other);
        }
        return;
      }
      setDone(true);
      try {
        await session.login(values.username.trim(), values.password);
      } catch {
        setFailure('Your user was created, but signing in failed. Sign in with your new username and password.');
      }
    } finally {
      setBusy(false);
    }
  }

  if (done && state.status === 'signedIn') return <Navigate to={dashboardPath} replace />;

  return (
    <LoginPage
      className="portico-login"
      loginTitle={goneLink ? 'Invitation' : 'Join your team on Portico'}
      loginSubtitle="Choose the username and password you will sign in with."
      textContent="Manage your APIs, developer accounts, plans and billing."
    >
      {goneLink ? (
        <EmptyState titleText="This invitation cannot be used" headingLevel="h2" icon={ExclamationTriangleIcon} variant="sm">
          <EmptyStateBody>
            {sentence(goneLink)} Ask an admin of your team to send you a new invitation.
          </EmptyStateBody>
          <EmptyStateFooter>
            <Link to={loginPath}>Go to sign in</Link>
          </EmptyStateFooter>
        </EmptyState>
      ) : (
        <PublicForm label="Accept invitation" failure={failure} submitLabel="Create my user and sign in" busy={busy} onSubmit={submit}>
          <TextField id="username" label="Username" isRequired value={values.username} onChange={set('username')} error={errors.username} autoComplete="username" />
          <TextField id="firstName" label="First name" value={values.firstName} onChange={set('firstName')} error={errors.firstName} autoComplete="given-name" />
          <TextField id="lastName" label="Last name" value={values.lastName} onChange={set('lastName')} error={errors.lastName} autoComplete="family-name" />
          <TextField
            id="password"
            label="Password"
            type="password"
            isRequired
            value={values.password}
            onChange={set('password')}
            error={errors.password}
            autoComplete="new-password"
            helper={policy ? policyHint(policy) : undefined}
          />
          <TextField
            id="confirm"
            label="Confirm password"
            type="password"
            isRequired
            value={values.confirm}
            onChange={set('confirm')}
            error={errors.confirm}
            autoComplete="new-password"
          />
        </PublicForm>
      )}
    </LoginPage>
  );
}
