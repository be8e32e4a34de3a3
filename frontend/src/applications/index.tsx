import { Route, Routes } from 'react-router';

import { ApplicationDetailView } from './views/ApplicationDetailView';
import { ApplicationListView } from './views/ApplicationListView';
import { ApplicationNewView } from './views/ApplicationNewView';
import { PlanChangeRequestListView } from './views/PlanChangeRequestListView';
import { NotFoundView } from '../components/NotFoundView';
import { RequireSection } from '../app/RequireSection';
import { AlertsView } from '../notifications/views/AlertsView';

export default function ApplicationsSection() {
  return (
    <Routes>
      <Route index element={<ApplicationListView />} />
      <Route path="new" element={<ApplicationNewView />} />
      <Route path="plan-change-requests" element={<PlanChangeRequestListView />} />
      <Route
        path="alerts"
        element={
          <RequireSection section={['MONITORING', 'PARTNERS']} title="Alerts">
            <AlertsView />
          </RequireSection>
        }
      />
      <Route path=":applicationId" element={<ApplicationDetailView />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
