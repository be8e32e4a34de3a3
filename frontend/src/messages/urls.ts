export const messagesPath = '/audience/messages';
export const inboxPath = `${messagesPath}/inbox`;
export const sentMessagesPath = `${messagesPath}/sent`;
export const composeMessagePath = `${messagesPath}/new`;

/** An entry of the provider's inbox (a message recipient). */
export const inboxMessageUrl = (recipientId: string) => `${inboxPath}/${encodeURIComponent(recipientId)}`;
/** A message the provider sent. */
export const sentMessageUrl = (messageId: string) => `${sentMessagesPath}/${encodeURIComponent(messageId)}`;
/** The compose page with recipients chosen in advance. */
export const composeMessageUrl = (accountIds: readonly string[]) => {
  const params = new URLSearchParams(accountIds.map((id) => ['to', id]));
  return accountIds.length > 0 ? `${composeMessagePath}?${params}` : composeMessagePath;
};
