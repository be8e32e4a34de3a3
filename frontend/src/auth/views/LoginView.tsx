import { LoginMainFooterBandItem, LoginPage } from '@patternfly/react-core';
import { Link, Navigate, useSearchParams } from 'react-router';

import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingState } from '../../components/LoadingState';
import { dashboardPath } from '../../dashboard/urls';
import { useAuth } from '../AuthProvider';
import { LoginForm } from '../components/LoginForm';
import { SSOLoginButtons } from '../components/SSOLoginButtons';
import { forgotPasswordPath, safeNextPath } from '../urls';

/** `/login?next=/products/42`: signs in, then returns to `next` (once signed in, the session state change redirects). */
export function LoginView() {
  useDocumentTitle('Sign in');
  const { session, state } = useAuth();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'), dashboardPath);

  if (state.status === 'restoring') return <LoadingState label="Checking your session…" fullPage />;
  if (state.status === 'signedIn') return <Navigate to={next} replace />;

  const notice =
    state.reason === 'expired'
      ? 'Your session has ended. Sign in again to continue.'
      : state.reason === 'loggedOut'
        ? 'You have logged out.'
        : null;

  return (
    <LoginPage
      className="portico-login"
      brandImgSrc="/portico-logo.svg"
      brandImgAlt="Portico"
      loginTitle="Sign in to Portico"
      loginSubtitle="Admin Portal"
      textContent="Portico is open-source API management: publish your APIs as products, let developers sign up and subscribe to plans, and meter, limit and bill their traffic."
      forgotCredentials={
        <LoginMainFooterBandItem>
          <Link to={forgotPasswordPath}>Forgot your password?</Link>
        </LoginMainFooterBandItem>
      }
    >
      <LoginForm
        notice={notice}
        onSubmit={(login, password) => session.login(login, password)}
      />
      <SSOLoginButtons returnTo={params.get('next') ? next : undefined} />
    </LoginPage>
  );
}
