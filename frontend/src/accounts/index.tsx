import { Route, Routes } from 'react-router';

import { AccountDetailView } from './views/AccountDetailView';
import { AccountListView } from './views/AccountListView';
import { AccountNewView } from './views/AccountNewView';
import { FieldDefinitionsView } from './views/FieldDefinitionsView';
import { UsageRulesView } from './views/UsageRulesView';
import { NotFoundView } from '../components/NotFoundView';
import { PlanDetailView } from '../products/views/PlanDetailView';
import { PlansView } from '../products/views/PlansView';

export default function AccountsSection() {
  return (
    <Routes>
      <Route index element={<AccountListView />} />
      <Route path="new" element={<AccountNewView />} />
      <Route path="usage-rules" element={<UsageRulesView />} />
      <Route path="fields" element={<FieldDefinitionsView />} />
      <Route path="plans" element={<PlansView kind="ACCOUNT" />} />
      <Route path="plans/:planId" element={<PlanDetailView kind="ACCOUNT" />} />
      <Route path=":accountId" element={<AccountDetailView />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
