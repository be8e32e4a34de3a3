import { Route, Routes } from 'react-router';

import { AccountDetailView } from './views/AccountDetailView';
import { AccountListView } from './views/AccountListView';

export default function AccountsSection() {
  return (
    <Routes>
      <Route index element={<AccountListView />} />
      <Route path=":accountId" element={<AccountDetailView />} />
    </Routes>
  );
}
