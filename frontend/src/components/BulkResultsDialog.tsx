import { Button, List, ListItem, Modal, ModalBody, ModalFooter, ModalHeader, Progress } from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationCircleIcon, MinusCircleIcon } from '@patternfly/react-icons';
import { useId } from 'react';

export interface BulkResult {
  id: string;
  name: string;
  outcome: 'done' | 'failed' | 'skipped';
  message: string;
}

/** Progress, then the outcome for every item of a bulk action. */
export function BulkResultsDialog({
  title,
  total,
  results,
  onClose,
}: {
  title: string;
  total: number;
  results: BulkResult[];
  onClose: () => void;
}) {
  const titleId = useId();
  const finished = results.length >= total;
  const failed = results.filter((result) => result.outcome === 'failed').length;
  const done = results.filter((result) => result.outcome === 'done').length;
  return (
    <Modal variant="small" isOpen onClose={finished ? onClose : undefined} aria-labelledby={titleId}>
      <ModalHeader title={title} labelId={titleId} titleIconVariant={finished ? (failed > 0 ? 'warning' : 'success') : undefined} />
      <ModalBody>
        {finished ? (
          <p className="pf-v6-u-mb-md" role="status">
            {done} of {total} done{failed > 0 ? `, ${failed} failed` : ''}
            {results.length - done - failed > 0 ? `, ${results.length - done - failed} skipped` : ''}.
          </p>
        ) : (
          <Progress value={(results.length / total) * 100} title={`${results.length} of ${total}`} aria-label="Progress" className="pf-v6-u-mb-md" />
        )}
        <List isPlain aria-label="Results">
          {results.map((result) => (
            <ListItem
              key={result.id}
              icon={
                result.outcome === 'done' ? (
                  <CheckCircleIcon color="var(--pf-t--global--icon--color--status--success--default)" />
                ) : result.outcome === 'failed' ? (
                  <ExclamationCircleIcon color="var(--pf-t--global--icon--color--status--danger--default)" />
                ) : (
                  <MinusCircleIcon color="var(--pf-t--global--icon--color--subtle)" />
                )
              }
            >
              <strong>{result.name}</strong>: {result.message}
            </ListItem>
          ))}
        </List>
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" onClick={onClose} isAriaDisabled={!finished}>
          Done
        </Button>
      </ModalFooter>
    </Modal>
  );
}
