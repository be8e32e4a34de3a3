import { Navigate, Route, Routes } from 'react-router';

import { Placeholder } from '../components/Placeholder';
import { inboxPath } from './urls';

export default function MessagesSection() {
  return (
    <Routes>
      <Route index element={<Navigate to={inboxPath} replace />} />
      <Route path="inbox" element={<Placeholder title="Inbox" description="Messages from developers." />} />
      <Route path="new" element={<Placeholder title="Compose message" />} />
      <Route path="sent" element={<Placeholder title="Sent messages" description="Messages sent to developers." />} />
    </Routes>
  );
}
