import { Button, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import { useId, useState, type ReactNode } from 'react';

export interface ConfirmDialogProps {
  isOpen: boolean;
  title: string;
  /** What will happen, in plain words ("The product and its 3 plans will be deleted."). */
  children: ReactNode;
  /** The verb on the confirming button, e.g. "Delete". */
  confirmLabel: string;
  /** Defaults to a danger button: the dialog exists for destructive actions. */
  variant?: 'danger' | 'warning';
  /** May return a promise; the button shows progress until it settles. */
  onConfirm: () => void | Promise<void>;
  onCancel: () => void;
}

/**
 * Asks before a destructive action. Escape and Cancel close it, the focus is
 * trapped inside while it is open, and Cancel has the initial focus so that
 * Enter never destroys anything by accident.
 */
export function ConfirmDialog({
  isOpen,
  title,
  children,
  confirmLabel,
  variant = 'danger',
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const bodyId = useId();
  const cancelId = useId();

  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      variant="small"
      isOpen={isOpen}
      onClose={busy ? undefined : onCancel}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      elementToFocus={`#${CSS.escape(cancelId)}`}
    >
      <ModalHeader title={title} labelId={titleId} titleIconVariant={variant} />
      <ModalBody id={bodyId}>{children}</ModalBody>
      <ModalFooter>
        <Button
          variant={variant === 'danger' ? 'danger' : 'primary'}
          onClick={() => void confirm()}
          isLoading={busy}
          isDisabled={busy}
        >
          {confirmLabel}
        </Button>
        <Button id={cancelId} variant="link" onClick={onCancel} isDisabled={busy}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
