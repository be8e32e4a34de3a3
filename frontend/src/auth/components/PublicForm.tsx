import { ActionGroup, Alert, Button, Form, FormAlert } from '@patternfly/react-core';
import type { ReactNode } from 'react';

export interface PublicFormProps {
  /** The form's accessible name. */
  label: string;
  /** Why the last attempt failed, shown above the fields. */
  failure: string | null;
  submitLabel: string;
  busy: boolean;
  onSubmit: () => void | Promise<void>;
  children: ReactNode;
  /** Shown under the submit button, such as a link back to sign in. */
  footer?: ReactNode;
}

/** The form of a page outside the console (an invitation, a password reset): a failure above the fields, one full-width submit button under them. */
export function PublicForm({ label, failure, submitLabel, busy, onSubmit, children, footer }: PublicFormProps) {
  return (
    <Form
      aria-label={label}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
    >
      {failure ? (
        <FormAlert>
          <Alert variant="danger" title={failure} aria-live="polite" isInline isPlain />
        </FormAlert>
      ) : null}
      {children}
      <ActionGroup>
        <Button type="submit" variant="primary" isBlock isLoading={busy} isDisabled={busy}>
          {submitLabel}
        </Button>
      </ActionGroup>
      {footer}
    </Form>
  );
}
