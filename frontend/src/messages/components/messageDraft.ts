import { useCallback, useMemo, useState } from 'react';
import type { CombinedError } from 'urql';

import { formErrors } from '../../graphql/errors';

/** The subject and body of a message being written, with what is wrong with them. */
export interface MessageDraft {
  subject: string;
  setSubject: (subject: string) => void;
  body: string;
  setBody: (body: string) => void;
  /** Messages next to the subject and body fields. */
  errors: { subject?: string; body?: string };
  /** Why the API refused the message when that is not about the subject or body, else null. */
  general: string | null;
  /** Checks that both are filled in; false (and the fields say why) when not. */
  validate: () => boolean;
  /** Shows why the API refused to send, or clears it with null. */
  fail: (error: CombinedError | null) => void;
}

const fields = ['subject', 'body'];

/** State of a message form: shared by the compose page, the compose dialog and replies. */
export function useMessageDraft(initialSubject = ''): MessageDraft {
  const [subject, setSubject] = useState(initialSubject);
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<MessageDraft['errors']>({});
  const [general, setGeneral] = useState<string | null>(null);

  const validate = useCallback(() => {
    const missing: MessageDraft['errors'] = {};
    if (subject.trim() === '') missing.subject = 'Enter a subject.';
    if (body.trim() === '') missing.body = 'Enter the message.';
    setErrors(missing);
    setGeneral(null);
    return Object.keys(missing).length === 0;
  }, [subject, body]);

  const fail = useCallback((error: CombinedError | null) => {
    const found = formErrors(error, fields, '');
    setErrors(found.fields);
    setGeneral(found.other);
  }, []);

  return useMemo(
    () => ({ subject, setSubject, body, setBody, errors, general, validate, fail }),
    [subject, body, errors, general, validate, fail],
  );
}

/** The subject of a reply: "Re: " once, however often the conversation went back and forth. */
export function replySubject(subject: string): string {
  return /^re:/i.test(subject.trim()) ? subject.trim() : `Re: ${subject.trim()}`;
}
