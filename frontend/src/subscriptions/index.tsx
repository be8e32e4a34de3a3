import { Route, Routes } from 'react-router';

import { SubscriptionListView } from './views/SubscriptionListView';
import { NotFoundView } from '../components/NotFoundView';

export default function SubscriptionsSection() {
  return (
    <Routes>
      <Route index element={<SubscriptionListView />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
