import { Route, Routes } from 'react-router';

import { DashboardView } from './views/DashboardView';
import { NotFoundView } from '../components/NotFoundView';

export default function DashboardSection() {
  return (
    <Routes>
      <Route index element={<DashboardView />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
