import { Button, Form, Modal, ModalBody, ModalFooter, ModalHeader, type ModalProps } from '@patternfly/react-core';
import { useId, useState, type ReactNode } from 'react';

export interface FormModalProps {
  isOpen: boolean;
  title: string;
  description?: ReactNode;
  /** The verb on the submit button, e.g. "Create". */
  submitLabel: string;
  /** May return a promise; the button shows progress until it settles. */
  onSubmit: () => void | Promise<void>;
  onClose: () => void;
  children: ReactNode;
  variant?: ModalProps['variant'];
  isSubmitDisabled?: boolean;
}

/**
 * A dialog holding a short form. Enter submits, Escape and Cancel close it,
 * and the first field has the focus when it opens.
 */
export function FormModal({
  isOpen,
  title,
  description,
  submitLabel,
  onSubmit,
  onClose,
  children,
  variant = 'small',
  isSubmitDisabled,
}: FormModalProps) {
  const [busy, setBusy] = useState(false);
  const formId = useId();
  const titleId = useId();

  async function submit() {
    if (busy) return;
    setBusy(true);
    try {
      await onSubmit();
    } finally {
      setBusy(false);
    }
  }

  const selector = `#${CSS.escape(formId)}`;
  return (
    <Modal
      variant={variant}
      isOpen={isOpen}
      onClose={busy ? undefined : onClose}
      aria-labelledby={titleId}
      elementToFocus={`${selector} input:not([type=hidden]), ${selector} select, ${selector} textarea`}
    >
      <ModalHeader title={title} labelId={titleId} description={description} />
      <ModalBody>
        <Form
          id={formId}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          {children}
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form={formId} variant="primary" isLoading={busy} isDisabled={busy || isSubmitDisabled}>
          {submitLabel}
        </Button>
        <Button variant="link" onClick={onClose} isDisabled={busy}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
