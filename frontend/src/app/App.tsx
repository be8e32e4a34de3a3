import { BrowserRouter } from 'react-router';

import { AuthProvider } from '../auth/AuthProvider';
import type { SessionManager } from '../auth/session';
import { NotificationsProvider } from '../components/Notifications';
import { AppRoutes } from './AppRoutes';

export function App({ session }: { session: SessionManager }) {
  return (
    <AuthProvider session={session}>
      <NotificationsProvider>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </NotificationsProvider>
    </AuthProvider>
  );
}
