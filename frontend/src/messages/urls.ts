export const messagesPath = '/audience/messages';
export const inboxPath = `${messagesPath}/inbox`;
export const sentMessagesPath = `${messagesPath}/sent`;
export const composeMessagePath = `${messagesPath}/new`;
