import { Button, Tooltip, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import { useState, type ReactNode } from 'react';
import type { CombinedError } from 'urql';

import { BulkResultsDialog, type BulkResult } from '../../components/BulkResultsDialog';
import { bulkResults, type BulkItemOutcome } from '../../components/bulkResults';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useNotify } from '../../components/Notifications';
import type { ApplicationState, ContractStateEvent } from '../../gql/graphql';
import { errorMessage } from '../../graphql/errors';
import { ComposeMessageModal } from '../../messages/components/ComposeMessageModal';
import { ContractPlanModal } from './ContractPlanModal';
import { contractStateNames, contractTransitions, count, type ContractTransition } from './contracts';

/** What the bulk bar needs to know of a selected application or subscription. */
export interface ContractRow {
  id: string;
  state: ApplicationState;
  /** The state changes the server allows it now. */
  permittedEvents: readonly ContractStateEvent[];
  account: { id: string };
  product: { id: string; name: string };
}

/** A bulk mutation's answer: the error of the whole call, or the outcome of every id. */
export interface BulkAnswer {
  error?: CombinedError;
  items?: readonly BulkItemOutcome[];
}

export interface ContractBulkActionsProps<T extends ContractRow> {
  noun: 'application' | 'subscription';
  /** The selected rows on screen; the bar hides while there are none. */
  selected: T[];
  /** A readable name of a row for the outcomes ("Mobile", "Acme · Echo"). */
  name: (row: T) => string;
  changeState: (ids: string[], event: ContractStateEvent) => Promise<BulkAnswer>;
  changePlan: (ids: string[], planId: string) => Promise<BulkAnswer>;
  sendMessage: (ids: string[], subject: string, body: string) => Promise<BulkAnswer>;
  /** Empties the selection once the outcomes were read. */
  onClear: () => void;
}

const consequences: Record<'application' | 'subscription', Record<ContractStateEvent, (n: number) => string>> = {
  application: {
    ACCEPT: (n) => `${count(n, 'pending application')} will go live; their credentials start working.`,
    SUSPEND: (n) => `Requests with the credentials of ${count(n, 'live application')} will be refused until they are resumed.`,
    RESUME: (n) => `${count(n, 'suspended application')} will be live again.`,
    REJECT: (n) => `${count(n, 'pending application')} will be refused and deleted, credentials included. This cannot be undone.`,
  },
  subscription: {
    ACCEPT: (n) => `${count(n, 'pending subscription')} will go live.`,
    SUSPEND: (n) => `${count(n, 'live subscription')} will be suspended until they are resumed.`,
    RESUME: (n) => `${count(n, 'suspended subscription')} will be live again.`,
    REJECT: (n) => `${count(n, 'pending subscription')} will be refused and deleted. This cannot be undone.`,
  },
};

/** A toolbar button that says why it is unavailable. */
function BarButton({ label, reason, onClick }: { label: string; reason?: string; onClick: () => void }) {
  const button = (
    <Button variant="secondary" size="sm" isAriaDisabled={!!reason} onClick={onClick}>
      {label}
    </Button>
  );
  return <ToolbarItem>{reason ? <Tooltip content={reason}>{button}</Tooltip> : button}</ToolbarItem>;
}

type Dialog = { kind: 'state'; transition: ContractTransition } | { kind: 'plan' } | { kind: 'message' } | null;

/**
 * The bulk bar of applications or service subscriptions: accept, suspend, resume or reject them,
 * move them to another plan of their product, or write to their accounts; then the outcome of
 * every item. It stays mounted without a selection, so that the outcomes outlive rows that a
 * rejection deleted; the bar itself shows only while rows are selected.
 */
export function ContractBulkActions<T extends ContractRow>({
  noun,
  selected,
  name,
  changeState,
  changePlan,
  sendMessage,
  onClear,
}: ContractBulkActionsProps<T>) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const [outcome, setOutcome] = useState<{ title: string; results: BulkResult[] } | null>(null);
  const notify = useNotify();
  const nouns = `${noun}s`;
  const names = new Map(selected.map((row) => [row.id, name(row)]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const products = new Map(selected.map((row) => [row.product.id, row.product.name]));
  const accounts = new Set(selected.map((row) => row.account.id)).size;
  const [productId, productName] = products.size === 1 ? [...products][0] : ['', ''];

  async function runTransition(transition: ContractTransition) {
    const eligible = selected.filter((row) => row.permittedEvents.includes(transition.event));
    const skipped: BulkResult[] = selected
      .filter((row) => !row.permittedEvents.includes(transition.event))
      .map((row) => ({
        id: row.id,
        name: name(row),
        outcome: 'skipped',
        message: `skipped, it is ${contractStateNames[row.state]}`,
      }));
    const answer = await changeState(eligible.map((row) => row.id), transition.event);
    setDialog(null);
    if (answer.error || !answer.items) {
      notify({ variant: 'danger', title: `Could not ${transition.verb.toLowerCase()} the ${nouns}`, description: answer.error ? errorMessage(answer.error) : undefined });
      return;
    }
    setOutcome({ title: `${transition.verb} ${nouns}`, results: [...bulkResults(answer.items, nameOf, transition.done), ...skipped] });
  }

  async function runPlanChange(planId: string, planName: string) {
    const answer = await changePlan(selected.map((row) => row.id), planId);
    if (answer.error) return answer.error;
    setDialog(null);
    setOutcome({ title: `Change plan to “${planName}”`, results: bulkResults(answer.items ?? [], nameOf, `now on “${planName}”`) });
    return null;
  }

  async function runMessage(subject: string, body: string) {
    const answer = await sendMessage(selected.map((row) => row.id), subject, body);
    if (answer.error) return answer.error;
    setOutcome({
      title: noun === 'application' ? 'Message to application owners' : 'Message to subscribers',
      results: bulkResults(answer.items ?? [], nameOf, 'sent to its account'),
    });
    return null;
  }

  const pending = dialog?.kind === 'state' ? dialog.transition : null;
  const eligible = pending ? selected.filter((row) => row.permittedEvents.includes(pending.event)).length : 0;
  let planReason: string | undefined;
  if (products.size > 1) {
    planReason = `The selected ${nouns} belong to ${products.size} products. Select ${nouns} of one product to change their plan.`;
  }
  let recipients: ReactNode = `${noun === 'application' ? 'the owners of' : 'the subscribers of'} ${count(selected.length, noun)} (${count(accounts, 'account')}, once each)`;
  if (accounts === 1) recipients = `the account of ${count(selected.length, 'selected ' + noun)}`;

  return (
    <>
      {selected.length > 0 ? (
        <ToolbarGroup variant="action-group" role="group" aria-label="Bulk actions">
          <ToolbarItem>
            <span className="portico-count" aria-live="polite">
              {selected.length} selected
            </span>
          </ToolbarItem>
          {contractTransitions.map((transition) => (
            <BarButton
              key={transition.event}
              label={transition.verb}
              reason={
                selected.some((row) => row.permittedEvents.includes(transition.event))
                  ? undefined
                  : `None of the selected ${nouns} can be ${transition.done} in its state.`
              }
              onClick={() => setDialog({ kind: 'state', transition })}
            />
          ))}
          <BarButton label="Change plan" reason={planReason} onClick={() => setDialog({ kind: 'plan' })} />
          <BarButton label="Send message" onClick={() => setDialog({ kind: 'message' })} />
          <ToolbarItem>
            <Button variant="link" size="sm" onClick={onClear}>
              Clear selection
            </Button>
          </ToolbarItem>
        </ToolbarGroup>
      ) : null}
      <ConfirmDialog
        isOpen={pending !== null}
        title={pending ? `${pending.verb} ${count(eligible, noun)}?` : ''}
        confirmLabel={pending?.verb ?? ''}
        variant={pending?.destructive ? 'danger' : 'warning'}
        onConfirm={() => (pending ? runTransition(pending) : undefined)}
        onCancel={() => setDialog(null)}
      >
        {pending ? consequences[noun][pending.event](eligible) : null}
        {pending && eligible < selected.length
          ? ` ${count(selected.length - eligible, 'selected ' + noun)} that cannot be ${pending.done} in ${selected.length - eligible === 1 ? 'its' : 'their'} state will be skipped.`
          : null}
      </ConfirmDialog>
      {dialog?.kind === 'plan' && productId ? (
        <ContractPlanModal
          title={`Change plan of ${count(selected.length, noun)}`}
          description={`Plans of ${productName}. The new plan applies at once.${noun === 'application' ? ' Custom plans of the applications are deleted.' : ''}`}
          productId={productId}
          kind={noun === 'application' ? 'APPLICATION' : 'SERVICE'}
          onSubmit={runPlanChange}
          onClose={() => setDialog(null)}
        />
      ) : null}
      <ComposeMessageModal
        isOpen={dialog?.kind === 'message'}
        title={noun === 'application' ? 'Send message to application owners' : 'Send message to subscribers'}
        recipients={recipients}
        onSend={runMessage}
        onClose={() => setDialog(null)}
      />
      {outcome ? (
        <BulkResultsDialog
          title={outcome.title}
          total={outcome.results.length}
          results={outcome.results}
          onClose={() => {
            setOutcome(null);
            onClear();
          }}
        />
      ) : null}
    </>
  );
}
