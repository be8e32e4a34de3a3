import { Route, Routes } from 'react-router';

import { Placeholder } from '../components/Placeholder';

import { AccountDetailView } from './views/AccountDetailView';
import { AccountListView } from './views/AccountListView';
import { AccountNewView } from './views/AccountNewView';

export default function AccountsSection() {
  return (
    <Routes>
      <Route index element={<AccountListView />} />
      <Route path="new" element={<AccountNewView />} />
      <Route path="usage-rules" element={<Placeholder title="Usage Rules" />} />
      <Route path="fields" element={<Placeholder title="Fields Definitions" />} />
      <Route path=":accountId" element={<AccountDetailView />} />
    </Routes>
  );
}
