import { Route, Routes } from 'react-router';

import { DashboardView } from './views/DashboardView';

export default function DashboardSection() {
  return (
    <Routes>
      <Route index element={<DashboardView />} />
    </Routes>
  );
}
