import { Route, Routes } from 'react-router';

import { AccountDetailView } from './views/AccountDetailView';
import { AccountListView } from './views/AccountListView';
import { AccountNewView } from './views/AccountNewView';

export default function AccountsSection() {
  return (
    <Routes>
      <Route index element={<AccountListView />} />
      <Route path="new" element={<AccountNewView />} />
      <Route path=":accountId" element={<AccountDetailView />} />
    </Routes>
  );
}
