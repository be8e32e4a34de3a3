import { EmptyState, EmptyStateBody, EmptyStateFooter, LoginPage } from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationTriangleIcon } from '@patternfly/react-icons';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation } from 'urql';

import { TextField } from '../../components/FormFields';
import { useDocumentTitle } from '../../components/PageHeader';
import { problems, requiredProblem } from '../../components/validation';
import { errorKind, errorMessage, formErrors } from '../../graphql/errors';
import { PublicForm } from '../components/PublicForm';
import { resetPasswordMutation } from '../queries';
import { sentence } from '../sentence';
import { forgotPasswordPath, loginPath } from '../urls';

/** `/reset-password?token=…`: the link of a password reset email. */
export function ResetPasswordView() {
  useDocumentTitle('Choose a new password');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [values, setValues] = useState({ password: '', confirm: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [deadLink, setDeadLink] = useState<string | null>(token ? null : 'This link is incomplete. Open the link from the email again.');
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [, reset] = useMutation(resetPasswordMutation);
  const set = (field: keyof typeof values) => (value: string) => setValues((old) => ({ ...old, [field]: value }));

  async function submit() {
    if (busy) return;
    setFailure(null);
    const found = problems({
      password: requiredProblem(values.password, 'a new password'),
      confirm: values.confirm !== values.password ? 'The passwords do not match.' : undefined,
    });
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const result = await reset({ input: { token, password: values.password } });
      if (result.error) {
        const placed = formErrors(result.error, ['password'], 'input');
        setErrors(placed.fields);
        const kind = errorKind(result.error);
        if (Object.keys(placed.fields).length === 0 && (kind === 'NOT_FOUND' || kind === 'CONFLICT')) {
          setDeadLink(kind === 'NOT_FOUND' ? 'This password reset link is not valid: it was used, or a newer one was sent.' : errorMessage(result.error));
        } else if (placed.other) {
          setFailure(placed.other);
        }
        return;
      }
      setDone(true);
    } finally {
      setBusy(false);
    }
  }

  let body;
  if (done) {
    body = (
      <EmptyState titleText="Password changed" headingLevel="h2" icon={CheckCircleIcon} variant="sm">
        <EmptyStateBody>Sign in with your new password. Every other session of yours was signed out.</EmptyStateBody>
        <EmptyStateFooter>
          <Link to={loginPath}>Go to sign in</Link>
        </EmptyStateFooter>
      </EmptyState>
    );
  } else if (deadLink) {
    body = (
      <EmptyState titleText="This link cannot be used" headingLevel="h2" icon={ExclamationTriangleIcon} variant="sm">
        <EmptyStateBody>{sentence(deadLink)}</EmptyStateBody>
        <EmptyStateFooter>
          <Link to={forgotPasswordPath}>Ask for a new link</Link>
        </EmptyStateFooter>
      </EmptyState>
    );
  } else {
    body = (
      <PublicForm label="Choose a new password" failure={failure} submitLabel="Change password" busy={busy} onSubmit={submit}>
        <TextField
          id="password"
          label="New password"
          type="password"
          isRequired
          value={values.password}
          onChange={set('password')}
          error={errors.password}
          autoComplete="new-password"
        />
        <TextField
          id="confirm"
          label="Confirm new password"
          type="password"
          isRequired
          value={values.confirm}
          onChange={set('confirm')}
          error={errors.confirm}
          autoComplete="new-password"
        />
      </PublicForm>
    );
  }

  return (
    <LoginPage
      className="portico-login"
      brandImgSrc="/portico-logo.svg"
      brandImgAlt="Portico"
      loginTitle="Choose a new password"
      loginSubtitle="The link works once, for an hour."
      textContent="Manage your APIs, developer accounts, plans and billing."
    >
      {body}
    </LoginPage>
  );
}
