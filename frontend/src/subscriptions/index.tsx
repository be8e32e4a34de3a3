import { Route, Routes } from 'react-router';

import { SubscriptionListView } from './views/SubscriptionListView';

export default function SubscriptionsSection() {
  return (
    <Routes>
      <Route index element={<SubscriptionListView />} />
    </Routes>
  );
}
