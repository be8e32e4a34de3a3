import { Navigate, Route, Routes } from 'react-router';

import { NotFoundView } from '../components/NotFoundView';
import { invoicesPath } from './urls';
import { EarningsView } from './views/EarningsView';
import { InvoiceDetailView } from './views/InvoiceDetailView';
import { InvoiceListView } from './views/InvoiceListView';

export default function BillingSection() {
  return (
    <Routes>
      <Route index element={<Navigate to={invoicesPath} replace />} />
      <Route path="earnings" element={<EarningsView />} />
      <Route path="invoices" element={<InvoiceListView />} />
      <Route path="invoices/:invoiceId" element={<InvoiceDetailView />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
