import { ActionGroup, Button, Card, CardBody, Form, PageSection } from '@patternfly/react-core';
import { useState, type ReactNode } from 'react';

export interface FormPageProps {
  submitLabel: string;
  onSubmit: () => void | Promise<void>;
  onCancel: () => void;
  children: ReactNode;
  /** Accessible name of the form, e.g. "New product". */
  label: string;
}

/** The body of a "create" screen: one card holding a form with its buttons. */
export function FormPage({ submitLabel, onSubmit, onCancel, children, label }: FormPageProps) {
  const [busy, setBusy] = useState(false);
  async function submit() {
    if (busy) return;
    setBusy(true);
    try {
      await onSubmit();
    } finally {
      setBusy(false);
    }
  }
  return (
    <PageSection isFilled>
      <Card className="portico-form-card">
        <CardBody>
          <Form
            aria-label={label}
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            {children}
            <ActionGroup>
              <Button type="submit" variant="primary" isLoading={busy} isDisabled={busy}>
                {submitLabel}
              </Button>
              <Button variant="link" onClick={onCancel} isDisabled={busy}>
                Cancel
              </Button>
            </ActionGroup>
          </Form>
        </CardBody>
      </Card>
    </PageSection>
  );
}
