import { Route, Routes } from 'react-router';

import { Placeholder } from '../components/Placeholder';

import { ApplicationDetailView } from './views/ApplicationDetailView';
import { ApplicationListView } from './views/ApplicationListView';
import { ApplicationNewView } from './views/ApplicationNewView';

export default function ApplicationsSection() {
  return (
    <Routes>
      <Route index element={<ApplicationListView />} />
      <Route path="new" element={<ApplicationNewView />} />
      <Route path="plan-change-requests" element={<Placeholder title="Plan change requests" />} />
      <Route path=":applicationId" element={<ApplicationDetailView />} />
    </Routes>
  );
}
