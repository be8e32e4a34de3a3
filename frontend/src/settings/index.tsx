import { Route, Routes } from 'react-router';

import { PersonalDetailsView } from './views/PersonalDetailsView';
import { SettingsOverviewView } from './views/SettingsOverviewView';
import { TokensView } from './views/TokensView';
import { UserListView } from './views/UserListView';

export default function SettingsSection() {
  return (
    <Routes>
      <Route index element={<SettingsOverviewView />} />
      <Route path="personal/details" element={<PersonalDetailsView />} />
      <Route path="personal/tokens" element={<TokensView />} />
      <Route path="users" element={<UserListView />} />
    </Routes>
  );
}
