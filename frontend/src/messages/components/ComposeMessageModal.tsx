import { Content } from '@patternfly/react-core';
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { CombinedError } from 'urql';

import { FormModal } from '../../components/FormModal';
import { TextAreaField, TextField } from '../../components/FormFields';
import { errorMessage, fieldErrors } from '../../graphql/errors';

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
export function ComposeMessageModal({ isOpen, title = 'Send message', recipients, onSend, onClose }: ComposeMessageModalProps) {
  const id = useId();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<CombinedError | null>(null);
  const [missing, setMissing] = useState<Record<string, string>>({});

  useEffect(() => {
    if (!isOpen) {
      setSubject('');
      setBody('');
      setError(null);
      setMissing({});
    }
  }, [isOpen]);

  async function submit() {
    const required: Record<string, string> = {};
    if (subject.trim() === '') required.subject = 'Enter a subject.';
    if (body.trim() === '') required.body = 'Enter the message.';
    setMissing(required);
    if (Object.keys(required).length > 0) return;
    const failure = await onSend(subject.trim(), body);
    setError(failure);
    if (!failure) onClose();
  }

  const fields = { ...fieldErrors(error), ...missing };
  const general = error && !fields.subject && !fields.body ? errorMessage(error) : null;
  return (
    <FormModal
      isOpen={isOpen}
      title={title}
      description={<Content component="p">To: {recipients}</Content>}
      submitLabel="Send"
      onSubmit={submit}
      onClose={onClose}
      variant="medium"
    >
      <TextField id={`${id}-subject`} label="Subject" isRequired value={subject} onChange={setSubject} error={fields.subject} />
      <TextAreaField id={`${id}-body`} label="Message" isRequired rows={8} value={body} onChange={setBody} error={fields.body} />
      {general ? (
        <Content component="p" className="pf-v6-u-danger-color-100" role="alert">
          {general}
        </Content>
      ) : null}
    </FormModal>
  );
}
