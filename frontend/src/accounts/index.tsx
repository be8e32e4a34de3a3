import { Route, Routes } from 'react-router';

import { AccountDetailView } from './views/AccountDetailView';
import { AccountListView } from './views/AccountListView';
import { AccountNewView } from './views/AccountNewView';
import { FieldDefinitionsView } from './views/FieldDefinitionsView';
import { UsageRulesView } from './views/UsageRulesView';
import { NotFoundView } from '../components/NotFoundView';

export default function AccountsSection() {
  return (
    <Routes>
      <Route index element={<AccountListView />} />
      <Route path="new" element={<AccountNewView />} />
      <Route path="usage-rules" element={<UsageRulesView />} />
      <Route path="fields" element={<FieldDefinitionsView />} />
      <Route path=":accountId" element={<AccountDetailView />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
