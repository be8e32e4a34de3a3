import { Route, Routes } from 'react-router';

import { ApplicationDetailView } from './views/ApplicationDetailView';
import { ApplicationListView } from './views/ApplicationListView';

export default function ApplicationsSection() {
  return (
    <Routes>
      <Route index element={<ApplicationListView />} />
      <Route path=":applicationId" element={<ApplicationDetailView />} />
    </Routes>
  );
}
