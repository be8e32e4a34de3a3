import '@patternfly/react-core/dist/styles/base.css';
import '@patternfly/patternfly/patternfly-addons.css';
import './app/app.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app/App';
import { followSystemTheme } from './app/theme';
import { createAuthApi } from './auth/api';
import { hasSessionHint, SessionManager } from './auth/session';

followSystemTheme();

const session = new SessionManager({ api: createAuthApi(), mayHaveSession: () => hasSessionHint() });

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');

createRoot(root).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
