import { ActionGroup, Alert, Button, EmptyState, EmptyStateBody, EmptyStateFooter, Form, FormAlert, LoginPage } from '@patternfly/react-core';
import { EnvelopeIcon } from '@patternfly/react-icons';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';

import { TextField } from '../../components/FormFields';
import { useDocumentTitle } from '../../components/PageHeader';
import { requiredProblem } from '../../components/validation';
import { errorMessage } from '../../graphql/errors';
import { requestPasswordResetMutation } from '../queries';
import { loginPath } from '../urls';

/** `/forgot-password`: asks for a link to choose a new password, sent by email. */
export function ForgotPasswordView() {
  useDocumentTitle('Forgot password');
  const [login, setLogin] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [, request] = useMutation(requestPasswordResetMutation);

  async function submit() {
    if (busy) return;
    setFailure(null);
    const problem = requiredProblem(login, 'your email or username');
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      const result = await request({ login: login.trim() });
      if (result.error) setFailure(errorMessage(result.error));
      else setSent(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <LoginPage
      className="portico-login"
      brandImgSrc="/portico-logo.svg"
      brandImgAlt="Portico"
      loginTitle="Forgot your password?"
      loginSubtitle="We email you a link to choose a new one."
      textContent="Manage your APIs, developer accounts, plans and billing."
    >
      {sent ? (
        <EmptyState titleText="Check your email" headingLevel="h2" icon={EnvelopeIcon} variant="sm">
          <EmptyStateBody>
            If {login.trim()} is a user here, an email with a link to choose a new password is on its way to its address. The link works once, for an
            hour. No email after a few minutes? Check the spam folder, or ask an administrator of your account.
          </EmptyStateBody>
          <EmptyStateFooter>
            <Link to={loginPath}>Back to sign in</Link>
          </EmptyStateFooter>
        </EmptyState>
      ) : (
        <Form
          aria-label="Forgot password"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          {failure ? (
            <FormAlert>
              <Alert variant="danger" title={failure} aria-live="polite" isInline isPlain />
            </FormAlert>
          ) : null}
          <TextField id="login" label="Email or username" isRequired value={login} onChange={setLogin} error={error} autoComplete="username" />
          <ActionGroup>
            <Button type="submit" variant="primary" isBlock isLoading={busy} isDisabled={busy}>
              Email me a link
            </Button>
          </ActionGroup>
          <Link to={loginPath}>Back to sign in</Link>
        </Form>
      )}
    </LoginPage>
  );
}
