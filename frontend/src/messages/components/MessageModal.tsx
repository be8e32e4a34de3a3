import { Content } from '@patternfly/react-core';
import { useId } from 'react';

import { FormModal } from '../../components/FormModal';
import type { ComposeMessageModalProps } from './ComposeMessageModal';
import { MessageDraftFields } from './MessageDraftFields';
import { useMessageDraft } from './messageDraft';

export interface MessageModalProps extends ComposeMessageModalProps {
  /** The subject the form starts with, e.g. "Re: …" for a reply. */
  initialSubject?: string;
}

/** A message dialog; its fields start afresh every time it opens. */
export function MessageModal(props: MessageModalProps) {
  return props.isOpen ? <OpenMessageModal {...props} /> : null;
}

function OpenMessageModal({ title = 'Send message', recipients, onSend, onClose, initialSubject }: MessageModalProps) {
  const id = useId();
  const draft = useMessageDraft(initialSubject);

  async function submit() {
    if (!draft.validate()) return;
    const failure = await onSend(draft.subject.trim(), draft.body);
    draft.fail(failure);
    if (!failure) onClose();
  }

  return (
    <FormModal
      isOpen
      title={title}
      description={<Content component="p">To: {recipients}</Content>}
      submitLabel="Send"
      onSubmit={submit}
      onClose={onClose}
      variant="medium"
    >
      <MessageDraftFields id={id} draft={draft} />
    </FormModal>
  );
}
