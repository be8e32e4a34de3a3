import { Alert } from '@patternfly/react-core';

import { TextAreaField, TextField } from '../../components/FormFields';
import type { MessageDraft } from './messageDraft';

/** The subject and body fields of a message, and why the API refused it. */
export function MessageDraftFields({ id, draft, rows = 8 }: { id: string; draft: MessageDraft; rows?: number }) {
  return (
    <>
      <TextField id={`${id}-subject`} label="Subject" isRequired value={draft.subject} onChange={draft.setSubject} error={draft.errors.subject} />
      <TextAreaField id={`${id}-body`} label="Message" isRequired rows={rows} value={draft.body} onChange={draft.setBody} error={draft.errors.body} />
      {draft.general ? <Alert variant="danger" isInline isPlain title={draft.general} isLiveRegion /> : null}
    </>
  );
}
