import { PageSection } from '@patternfly/react-core';
import { useId, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { BulkResultsDialog, type BulkResult } from '../../components/BulkResultsDialog';
import { bulkResults } from '../../components/bulkResults';
import { FormPage } from '../../components/FormPage';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { nodes } from '../../graphql/connection';
import { AccountsField, type AccountChoice } from '../components/AccountsField';
import { MessageDraftFields } from '../components/MessageDraftFields';
import { useMessageDraft } from '../components/messageDraft';
import { accountNamesQuery, bulkSendMessageMutation, sendMessageMutation } from '../queries';
import { inboxPath, sentMessageUrl, sentMessagesPath } from '../urls';

const sendContext = { additionalTypenames: ['Message', 'MessageRecipient'] };

/**
 * Audience › Messages › Compose: one message to one or many developer accounts. `?to=<id>`
 * (repeatable) chooses recipients in advance.
 */
export function ComposeMessageView() {
  const id = useId();
  const navigate = useNavigate();
  const notify = useNotify();
  const [params] = useSearchParams();
  const preset = useMemo(() => params.getAll('to'), [params]);
  const [{ data: presetData, fetching: presetFetching }] = useQuery({
    query: accountNamesQuery,
    variables: { ids: preset },
    pause: preset.length === 0,
  });
  const presetChoices = useMemo<AccountChoice[]>(
    () => (presetData ? nodes(presetData.accounts).map((account) => ({ value: account.id, label: account.orgName })) : []),
    [presetData],
  );
  // Null until the recipients are changed here: the link's choice until then.
  const [picked, setPicked] = useState<AccountChoice[] | null>(null);
  const recipients = picked ?? presetChoices;
  const [recipientsError, setRecipientsError] = useState<string | undefined>();
  const draft = useMessageDraft();
  const [, sendMessage] = useMutation(sendMessageMutation);
  const [, bulkSendMessage] = useMutation(bulkSendMessageMutation);
  const [bulk, setBulk] = useState<{ total: number; results: BulkResult[]; messageId: string | null } | null>(null);

  async function submit() {
    const ready = draft.validate();
    const problem = recipients.length === 0 ? 'Choose at least one account.' : undefined;
    setRecipientsError(problem);
    if (!ready || problem) return;
    const subject = draft.subject.trim();
    if (recipients.length === 1) {
      const [to] = recipients;
      const result = await sendMessage({ accountID: to.value, subject, body: draft.body }, sendContext);
      if (result.error || !result.data) {
        draft.fail(result.error ?? null);
        return;
      }
      notify({ variant: 'success', title: `Message sent to “${to.label}”` });
      navigate(sentMessageUrl(result.data.sendMessage.id));
      return;
    }
    const result = await bulkSendMessage({ accountIDs: recipients.map((to) => to.value), subject, body: draft.body }, sendContext);
    if (result.error || !result.data) {
      draft.fail(result.error ?? null);
      return;
    }
    const names = new Map(recipients.map((to) => [to.value, to.label]));
    const sent = result.data.bulkSendMessage;
    setBulk({
      total: recipients.length,
      results: bulkResults(sent.result.items, (accountId) => names.get(accountId) ?? accountId, 'sent'),
      messageId: sent.message?.id ?? null,
    });
  }

  return (
    <>
      <PageHeader
        title="Compose message"
        description="The message lands in each account’s inbox on the Developer Portal and is emailed to the account’s admins."
        breadcrumbs={[{ label: 'Messages', to: inboxPath }, { label: 'Compose' }]}
      />
      {preset.length > 0 && !presetData && presetFetching ? (
        <PageSection isFilled>
          <LoadingState label="Loading the recipients…" />
        </PageSection>
      ) : (
        <FormPage label="New message" submitLabel="Send" onSubmit={submit} onCancel={() => navigate(sentMessagesPath)}>
          <AccountsField
            id={`${id}-to`}
            label="To"
            isRequired
            value={recipients}
            onChange={(next) => {
              setPicked(next);
              setRecipientsError(undefined);
            }}
            error={recipientsError}
            helper={recipients.length > 1 ? `${recipients.length} accounts: each receives its own copy.` : 'One or more developer accounts.'}
          />
          <MessageDraftFields id={id} draft={draft} rows={10} />
        </FormPage>
      )}
      {bulk ? (
        <BulkResultsDialog
          title="Send message"
          total={bulk.total}
          results={bulk.results}
          onClose={() => {
            const messageId = bulk.messageId;
            setBulk(null);
            if (messageId) navigate(sentMessageUrl(messageId));
          }}
        />
      ) : null}
    </>
  );
}
