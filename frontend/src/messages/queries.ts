import { graphql } from '../gql';

/** The provider's inbox: messages developers sent, newest first. */
export const inboxQuery = graphql(`
  query Inbox($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: MessageRecipientWhereInput!) {
    messageRecipients(
      first: $first
      after: $after
      last: $last
      before: $before
      where: $where
      orderBy: [{ field: CREATED_AT, direction: DESC }]
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
            senderAccount {
              id
              orgName
            }
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
          senderAccount {
            id
            orgName
          }
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
  query SentMessages($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: MessageWhereInput!) {
    messages(
      first: $first
      after: $after
      last: $last
      before: $before
      where: $where
      orderBy: [{ field: CREATED_AT, direction: DESC }]
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
          recipients {
            id
            readAt
            account {
              id
              orgName
            }
          }
        }
      }
    }
  }
`);

/** A message the provider sent, with every recipient account and whether it read it. */
export const sentMessageQuery = graphql(`
  query SentMessage($id: ID!) {
    node(id: $id) {
      id
      ... on Message {
        subject
        body
        createdAt
        direction
        replyTo {
          id
          subject
          recipients {
            id
            accountID
          }
        }
        recipients {
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
