import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';

import { MessageModal } from './MessageModal';

export interface ComposeMessageModalProps {
  isOpen: boolean;
  title?: string;
  /** Who will receive it, e.g. "3 accounts" or an organization name. */
  recipients: ReactNode;
  /**
   * Sends the message; resolves to the error when the API refused it (the dialog stays open and
   * shows it, subject and body errors beside their fields) or to null once sent (the dialog closes).
   */
  onSend: (subject: string, body: string) => Promise<CombinedError | null>;
  onClose: () => void;
}

/** A subject and a body for a message to one or many developer accounts. */
export function ComposeMessageModal(props: ComposeMessageModalProps) {
  return <MessageModal {...props} />;
}
