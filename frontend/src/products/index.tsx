import { lazy, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';

import { ProductActiveDocsView } from '../activedocs/views/ActiveDocListView';
import { OpenApiImportView } from '../activedocs/views/OpenApiImportView';

import { ProductIntegrationErrorsView } from '../analytics/views/ProductIntegrationErrorsView';
import { ProductResponseCodesView } from '../analytics/views/ProductResponseCodesView';
import { ProductTopApplicationsView } from '../analytics/views/ProductTopApplicationsView';
import { ProductTrafficView } from '../analytics/views/ProductTrafficView';
import { PlanDetailView } from './views/PlanDetailView';
import { PlansView } from './views/PlansView';
import { ProductApplicationsView } from './views/ProductApplicationsView';
import { ProductBackendsView } from './views/ProductBackendsView';
import { ProductConfigurationView } from './views/ProductConfigurationView';
import { ProductIntegrationSettingsView } from './views/ProductIntegrationSettingsView';
import { DiscoverServicesView } from './views/DiscoverServicesView';
import { ProductListView } from './views/ProductListView';
import { ProductMappingRulesView } from './views/ProductMappingRulesView';
import { ProductMethodsMetricsView } from './views/ProductMethodsMetricsView';
import { ProductNewView } from './views/ProductNewView';
import { ProductOverviewView } from './views/ProductOverviewView';
import { ProductPoliciesView } from './views/ProductPoliciesView';
import { NotFoundView } from '../components/NotFoundView';
import { RequireSection } from '../app/RequireSection';
import { ProductAlertsView } from '../notifications/views/ProductAlertsView';

const ActiveDocsSection = lazy(() => import('../activedocs'));

/** A product's analytics need the analytics area; everything else under a product, the plans area. */
const plans = (element: ReactNode) => (
  <RequireSection section="PLANS" title="Products">
    {element}
  </RequireSection>
);
const analytics = (element: ReactNode) => (
  <RequireSection section="MONITORING" title="Analytics">
    {element}
  </RequireSection>
);

export default function ProductsSection() {
  return (
    <Routes>
      <Route index element={<ProductListView />} />
      <Route path="new" element={plans(<ProductNewView />)} />
      <Route path="discover" element={plans(<DiscoverServicesView />)} />
      <Route path="active-docs/*" element={plans(<ActiveDocsSection />)} />
      <Route path=":productId">
        <Route index element={plans(<ProductOverviewView />)} />
        <Route path="applications" element={plans(<ProductApplicationsView />)} />
        <Route
          path="alerts"
          element={
            <RequireSection section={['MONITORING', 'PARTNERS']} title="Alerts">
              <ProductAlertsView />
            </RequireSection>
          }
        />
        <Route path="applications/plans" element={plans(<PlansView kind="APPLICATION" />)} />
        <Route path="applications/plans/:planId" element={plans(<PlanDetailView kind="APPLICATION" />)} />
        <Route path="subscriptions/service-plans" element={plans(<PlansView kind="SERVICE" />)} />
        <Route path="subscriptions/service-plans/:planId" element={plans(<PlanDetailView kind="SERVICE" />)} />
        <Route path="integration/configuration" element={plans(<ProductConfigurationView />)} />
        <Route path="integration/settings" element={plans(<ProductIntegrationSettingsView />)} />
        <Route path="integration/policies" element={plans(<ProductPoliciesView />)} />
        <Route path="integration/methods-metrics" element={plans(<ProductMethodsMetricsView />)} />
        <Route path="integration/mapping-rules" element={plans(<ProductMappingRulesView />)} />
        <Route path="integration/backends" element={plans(<ProductBackendsView />)} />
        <Route path="integration/import" element={plans(<OpenApiImportView />)} />
        <Route path="active-docs" element={plans(<ProductActiveDocsView />)} />
        <Route path="analytics" element={analytics(<ProductTrafficView />)} />
        <Route path="analytics/traffic" element={analytics(<ProductTrafficView />)} />
        <Route path="analytics/top-applications" element={analytics(<ProductTopApplicationsView />)} />
        <Route path="analytics/response-codes" element={analytics(<ProductResponseCodesView />)} />
        <Route path="analytics/integration-errors" element={analytics(<ProductIntegrationErrorsView />)} />
      </Route>
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
