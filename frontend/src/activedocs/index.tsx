import { Route, Routes } from 'react-router';

import { ActiveDocFormView } from './views/ActiveDocFormView';
import { ActiveDocListView } from './views/ActiveDocListView';
import { ActiveDocView } from './views/ActiveDocView';
import { NotFoundView } from '../components/NotFoundView';

/** Products › ActiveDocs: every specification of the account. */
export default function ActiveDocsSection() {
  return (
    <Routes>
      <Route index element={<ActiveDocListView />} />
      <Route path="new" element={<ActiveDocFormView />} />
      <Route path=":docId" element={<ActiveDocView />} />
      <Route path=":docId/edit" element={<ActiveDocFormView />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
