import { useCallback } from 'react';
import { useMutation } from 'urql';

import { useNotify } from '../../components/Notifications';
import { errorMessage } from '../../graphql/errors';
import { markMessageReadMutation } from '../queries';

/** Marks an inbox entry read or unread; a failure is shown as a toast. */
export function useMarkRead(): (recipientId: string, read: boolean) => Promise<boolean> {
  const [, markRead] = useMutation(markMessageReadMutation);
  const notify = useNotify();
  return useCallback(
    async (recipientId, read) => {
      const result = await markRead({ recipientID: recipientId, read }, { additionalTypenames: ['MessageRecipient'] });
      if (result.error) {
        notify({ variant: 'danger', title: `Could not mark the message ${read ? 'read' : 'unread'}`, description: errorMessage(result.error) });
        return false;
      }
      return true;
    },
    [markRead, notify],
  );
}
