import { Route, Routes } from 'react-router';

import { BackendTrafficView } from '../analytics/views/BackendTrafficView';
import { BackendListView } from './views/BackendListView';
import { BackendMappingRulesView } from './views/BackendMappingRulesView';
import { BackendMethodsMetricsView } from './views/BackendMethodsMetricsView';
import { BackendNewView } from './views/BackendNewView';
import { BackendOverviewView } from './views/BackendOverviewView';
import { NotFoundView } from '../components/NotFoundView';

export default function BackendsSection() {
  return (
    <Routes>
      <Route index element={<BackendListView />} />
      <Route path="new" element={<BackendNewView />} />
      <Route path=":backendId">
        <Route index element={<BackendOverviewView />} />
        <Route path="methods-metrics" element={<BackendMethodsMetricsView />} />
        <Route path="mapping-rules" element={<BackendMappingRulesView />} />
        <Route path="analytics" element={<BackendTrafficView />} />
        <Route path="analytics/traffic" element={<BackendTrafficView />} />
      </Route>
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
