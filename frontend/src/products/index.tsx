import { lazy } from 'react';
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

const ActiveDocsSection = lazy(() => import('../activedocs'));

export default function ProductsSection() {
  return (
    <Routes>
      <Route index element={<ProductListView />} />
      <Route path="new" element={<ProductNewView />} />
      <Route path="discover" element={<DiscoverServicesView />} />
      <Route path="active-docs/*" element={<ActiveDocsSection />} />
      <Route path=":productId">
        <Route index element={<ProductOverviewView />} />
        <Route path="applications" element={<ProductApplicationsView />} />
        <Route path="applications/plans" element={<PlansView kind="APPLICATION" />} />
        <Route path="applications/plans/:planId" element={<PlanDetailView kind="APPLICATION" />} />
        <Route path="subscriptions/service-plans" element={<PlansView kind="SERVICE" />} />
        <Route path="subscriptions/service-plans/:planId" element={<PlanDetailView kind="SERVICE" />} />
        <Route path="integration/configuration" element={<ProductConfigurationView />} />
        <Route path="integration/settings" element={<ProductIntegrationSettingsView />} />
        <Route path="integration/policies" element={<ProductPoliciesView />} />
        <Route path="integration/methods-metrics" element={<ProductMethodsMetricsView />} />
        <Route path="integration/mapping-rules" element={<ProductMappingRulesView />} />
        <Route path="integration/backends" element={<ProductBackendsView />} />
        <Route path="integration/import" element={<OpenApiImportView />} />
        <Route path="active-docs" element={<ProductActiveDocsView />} />
        <Route path="analytics" element={<ProductTrafficView />} />
        <Route path="analytics/traffic" element={<ProductTrafficView />} />
        <Route path="analytics/top-applications" element={<ProductTopApplicationsView />} />
        <Route path="analytics/response-codes" element={<ProductResponseCodesView />} />
        <Route path="analytics/integration-errors" element={<ProductIntegrationErrorsView />} />
      </Route>
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
