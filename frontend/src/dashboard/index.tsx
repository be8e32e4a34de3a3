import { Route, Routes } from 'react-router';

import { DashboardView } from './views/DashboardView';
import { NotFoundView } from '../components/NotFoundView';
import { NotificationsView } from '../notifications/views/NotificationsView';

export default function DashboardSection() {
  return (
    <Routes>
      <Route index element={<DashboardView />} />
      <Route path="notifications" element={<NotificationsView />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
