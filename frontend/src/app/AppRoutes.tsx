import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';

import { RequireAuth } from '../auth/RequireAuth';
import { acceptInvitationPath, forgotPasswordPath, loginPath, resetPasswordPath } from '../auth/urls';
import { PublicGraphQL } from '../auth/PublicGraphQL';
import { AcceptInvitationView } from '../auth/views/AcceptInvitationView';
import { ForgotPasswordView } from '../auth/views/ForgotPasswordView';
import { ResetPasswordView } from '../auth/views/ResetPasswordView';
import { LoginView } from '../auth/views/LoginView';
import { NotFoundView } from '../components/NotFoundView';
import { dashboardPath } from '../dashboard/urls';
import { RequireSection } from './RequireSection';
import { threescaleRoutes } from './threescaleAddresses';

/** Products are the place of their analytics too: members with either area open them. */
const productReaders = ['PLANS', 'MONITORING'] as const;
import { SignedInLayout } from './SignedInLayout';

const DashboardSection = lazy(() => import('../dashboard'));
const AccountsSection = lazy(() => import('../accounts'));
const ApplicationsSection = lazy(() => import('../applications'));
const BillingSection = lazy(() => import('../billing'));
const MessagesSection = lazy(() => import('../messages'));
const SubscriptionsSection = lazy(() => import('../subscriptions'));
const ProductsSection = lazy(() => import('../products'));
const BackendsSection = lazy(() => import('../backends'));
const SettingsSection = lazy(() => import('../settings'));
const TenantsSection = lazy(() => import('../tenants'));

/** The URL of every screen of the Admin Portal. */
export function AppRoutes() {
  return (
    <Routes>
      <Route
        path={loginPath}
        element={
          <PublicGraphQL>
            <LoginView />
          </PublicGraphQL>
        }
      />
      <Route
        path={acceptInvitationPath}
        element={
          <PublicGraphQL>
            <AcceptInvitationView />
          </PublicGraphQL>
        }
      />
      <Route
        path={forgotPasswordPath}
        element={
          <PublicGraphQL>
            <ForgotPasswordView />
          </PublicGraphQL>
        }
      />
      <Route
        path={resetPasswordPath}
        element={
          <PublicGraphQL>
            <ResetPasswordView />
          </PublicGraphQL>
        }
      />
      <Route
        element={
          <RequireAuth>
            <SignedInLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to={dashboardPath} replace />} />
        <Route path="dashboard/*" element={<DashboardSection />} />
        <Route path="audience">
          <Route index element={<Navigate to="accounts" replace />} />
          <Route path="accounts/*" element={<AccountsSection />} />
          <Route path="applications/*" element={<ApplicationsSection />} />
          <Route path="subscriptions/*" element={<SubscriptionsSection />} />
          <Route path="billing/*" element={<BillingSection />} />
          <Route path="messages/*" element={<MessagesSection />} />
        </Route>
        <Route
          path="products/*"
          element={
            <RequireSection section={productReaders} title="Products">
              <ProductsSection />
            </RequireSection>
          }
        />
        <Route
          path="backends/*"
          element={
            <RequireSection section="PLANS" title="Backends">
              <BackendsSection />
            </RequireSection>
          }
        />
        <Route path="settings/*" element={<SettingsSection />} />
        <Route path="tenants/*" element={<TenantsSection />} />
        {threescaleRoutes()}
        <Route path="*" element={<NotFoundView />} />
      </Route>
    </Routes>
  );
}
