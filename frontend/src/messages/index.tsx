import { Navigate, Route, Routes } from 'react-router';

import { inboxPath } from './urls';
import { ComposeMessageView } from './views/ComposeMessageView';
import { InboxMessageView } from './views/InboxMessageView';
import { InboxView } from './views/InboxView';
import { SentMessagesView } from './views/SentMessagesView';
import { SentMessageView } from './views/SentMessageView';
import { NotFoundView } from '../components/NotFoundView';

export default function MessagesSection() {
  return (
    <Routes>
      <Route index element={<Navigate to={inboxPath} replace />} />
      <Route path="inbox" element={<InboxView />} />
      <Route path="inbox/:messageId" element={<InboxMessageView />} />
      <Route path="new" element={<ComposeMessageView />} />
      <Route path="sent" element={<SentMessagesView />} />
      <Route path="sent/:messageId" element={<SentMessageView />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
