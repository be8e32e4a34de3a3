import { EmptyState, EmptyStateBody, EmptyStateFooter, LoginPage } from '@patternfly/react-core';
import { EnvelopeIcon } from '@patternfly/react-icons';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';

import { TextField } from '../../components/FormFields';
import { useDocumentTitle } from '../../components/PageHeader';
import { requiredProblem } from '../../components/validation';
import { errorMessage } from '../../graphql/errors';
import { PublicForm } from '../components/PublicForm';
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
        <PublicForm
          label="Forgot password"
          failure={failure}
          submitLabel="Email me a link"
          busy={busy}
          onSubmit={submit}
          footer={<Link to={loginPath}>Back to sign in</Link>}
        >
          <TextField id="login" label="Email or username" isRequired value={login} onChange={setLogin} error={error} autoComplete="username" />
        </PublicForm>
      )}
    </LoginPage>
  );
}
