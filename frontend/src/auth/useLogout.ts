import { useNavigate } from 'react-router';

import { useNotifyError } from '../components/Notifications';
import { useAuth } from './AuthProvider';
import { loginPath } from './urls';

/**
 * Ends the session and goes to the login page. When the server cannot be told, the browser is
 * logged out all the same, and a toast says so.
 */
export function useLogout(): () => Promise<void> {
  const { session } = useAuth();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  return async () => {
    try {
      await session.logout();
    } catch {
      notifyError('Could not end the session on the server', 'You are logged out of this browser.');
    }
    void navigate(loginPath, { replace: true });
  };
}
