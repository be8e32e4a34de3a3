import { Navigate, Route, Routes } from 'react-router';

import { Placeholder } from '../components/Placeholder';
import { invoicesPath } from './urls';
import { NotFoundView } from '../components/NotFoundView';

export default function BillingSection() {
  return (
    <Routes>
      <Route index element={<Navigate to={invoicesPath} replace />} />
      <Route
        path="invoices"
        element={<Placeholder title="Invoices" description="Invoices issued to developer accounts, by month and state." />}
      />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
