import { graphql } from '../gql';

/** The person who wrote a message: a team member, or a developer of the sending account. */
export const messageSenderFragment = graphql(`
  fragment MessageSender on Message {
    senderAccount {
      id
      orgName
    }
    senderUser {
      id
      username
      firstName
      lastName
    }
  }
`);

/** The provider's inbox: messages developers sent, newest first. */
export const inboxQuery = graphql(`
  query Inbox($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: MessageRecipientWhereInput!, $orderBy: [MessageRecipientOrder!] = [{ field: CREATED_AT, direction: DESC }]) {
    messageRecipients(
      first: $first
      after: $after
      last: $last
      before: $before
      where: $where
      orderBy: $orderBy
    ) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          readAt
          createdAt
          message {
            id
            subject
            ...MessageSender
          }
        }
      }
    }
  }
`);

/** One entry of the provider's inbox, with the message and what it answers. */
export const inboxEntryQuery = graphql(`
  query InboxEntry($id: ID!) {
    node(id: $id) {
      id
      ... on MessageRecipient {
        readAt
        createdAt
        accountID
        message {
          id
          subject
          body
          createdAt
          ...MessageSender
          replyTo {
            id
            subject
          }
          replies {
            id
            subject
            createdAt
          }
        }
      }
    }
  }
`);

/** Messages the provider sent to developer accounts, newest first. */
export const sentMessagesQuery = graphql(`
  query SentMessages($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: MessageWhereInput!, $orderBy: [MessageOrder!] = [{ field: CREATED_AT, direction: DESC }]) {
    messages(
      first: $first
      after: $after
      last: $last
      before: $before
      where: $where
      orderBy: $orderBy
    ) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          subject
          createdAt
          readCount
          recipients(first: 3) {
            totalCount
            edges {
              node {
                id
                account {
                  id
                  orgName
                }
              }
            }
          }
        }
      }
    }
  }
`);

/** A message the provider sent, with one page of its recipient accounts and whether they read it. */
export const sentMessageQuery = graphql(`
  query SentMessage($id: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
    node(id: $id) {
      id
      ... on Message {
        subject
        body
        createdAt
        direction
        readCount
        ...MessageSender
        replyTo {
          id
          subject
          recipients(first: 1, where: { accountIDIsNil: true }) {
            edges {
              node {
                id
              }
            }
          }
        }
        recipients(first: $first, after: $after, last: $last, before: $before) {
          totalCount
          pageInfo {
            startCursor
            endCursor
          }
          edges {
            node {
              id
              readAt
              accountID
              account {
                id
                orgName
              }
            }
          }
        }
      }
    }
  }
`);

/** The accounts a message went to, loaded only to write to them again. */
export const sentMessageAccountsQuery = graphql(`
  query SentMessageAccounts($id: ID!) {
    node(id: $id) {
      id
      ... on Message {
        recipients(first: 1000, where: { accountIDNotNil: true }) {
          edges {
            node {
              id
              accountID
            }
          }
        }
      }
    }
  }
`);

export const markMessageReadMutation = graphql(`
  mutation MarkMessageRead($recipientID: ID!, $read: Boolean!) {
    markMessageRead(recipientID: $recipientID, read: $read) {
      id
      readAt
    }
  }
`);

/** One message to one account; with replyToID, the answer to a message of the provider's inbox. */
export const sendMessageMutation = graphql(`
  mutation SendMessage($accountID: ID!, $subject: String!, $body: String!, $replyToID: ID) {
    sendMessage(accountID: $accountID, subject: $subject, body: $body, replyToID: $replyToID) {
      id
      subject
    }
  }
`);

export const bulkSendMessageMutation = graphql(`
  mutation BulkSendMessage($accountIDs: [ID!]!, $subject: String!, $body: String!) {
    bulkSendMessage(accountIDs: $accountIDs, subject: $subject, body: $body) {
      message {
        id
        subject
      }
      result {
        ...BulkOutcome
      }
    }
  }
`);

/** Accounts by id, to show the names of the recipients a link preselects. */
export const accountNamesQuery = graphql(`
  query AccountNames($ids: [ID!]!) {
    accounts(first: 1000, where: { idIn: $ids }) {
      edges {
        node {
          id
          orgName
        }
      }
    }
  }
`);
