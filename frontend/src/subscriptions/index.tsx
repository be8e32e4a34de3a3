import { Route, Routes } from 'react-router';

import { Placeholder } from '../components/Placeholder';

export default function SubscriptionsSection() {
  return (
    <Routes>
      <Route index element={<Placeholder title="Subscriptions" />} />
    </Routes>
  );
}
