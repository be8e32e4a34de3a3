import { useCallback, useMemo, useState } from 'react';
import type { CombinedError } from 'urql';

import { formErrors } from '../graphql/errors';
import { useNotify } from './Notifications';

export interface FormErrorState {
  /** Messages by field name, shown next to the fields. */
  errors: Record<string, string>;
  /** Replaces the messages, e.g. with the result of client-side checks. */
  setErrors: (errors: Record<string, string>) => void;
  /**
   * Shows a failed mutation's errors: next to the fields this form has, and
   * as a danger toast titled `title` for the rest.
   */
  report: (error: CombinedError, title: string) => void;
}

/** The error state of one form, fed by client-side checks and the API's `extensions.field`. */
export function useFormErrors(fields: readonly string[], prefix = 'input'): FormErrorState {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const notify = useNotify();
  const key = fields.join(',');
  const report = useCallback(
    (error: CombinedError, title: string) => {
      const result = formErrors(error, key.split(','), prefix);
      setErrors(result.fields);
      if (result.other) notify({ variant: 'danger', title, description: result.other });
    },
    [key, prefix, notify],
  );
  return useMemo(() => ({ errors, setErrors, report }), [errors, report]);
}
