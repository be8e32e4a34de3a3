import type { WebhookEvent } from '../../gql/graphql';

/** 3scale's 16 webhook switches, grouped as its settings page shows them. */
export const webhookEventGroups: { title: string; events: { value: WebhookEvent; label: string }[] }[] = [
  {
    title: 'Accounts',
    events: [
      { value: 'ACCOUNT_CREATED' as WebhookEvent, label: 'Account created' },
      { value: 'ACCOUNT_UPDATED' as WebhookEvent, label: 'Account updated' },
      { value: 'ACCOUNT_DELETED' as WebhookEvent, label: 'Account deleted' },
      { value: 'ACCOUNT_PLAN_CHANGED' as WebhookEvent, label: 'Account plan changed' },
    ],
  },
  {
    title: 'Users',
    events: [
      { value: 'USER_CREATED' as WebhookEvent, label: 'User created' },
      { value: 'USER_UPDATED' as WebhookEvent, label: 'User updated' },
      { value: 'USER_DELETED' as WebhookEvent, label: 'User deleted' },
    ],
  },
  {
    title: 'Applications',
    events: [
      { value: 'APPLICATION_CREATED' as WebhookEvent, label: 'Application created' },
      { value: 'APPLICATION_UPDATED' as WebhookEvent, label: 'Application updated' },
      { value: 'APPLICATION_DELETED' as WebhookEvent, label: 'Application deleted' },
      { value: 'APPLICATION_PLAN_CHANGED' as WebhookEvent, label: 'Application plan changed' },
      { value: 'APPLICATION_SUSPENDED' as WebhookEvent, label: 'Application suspended' },
      { value: 'APPLICATION_USER_KEY_UPDATED' as WebhookEvent, label: 'User key updated' },
      { value: 'APPLICATION_KEY_CREATED' as WebhookEvent, label: 'Application key created' },
      { value: 'APPLICATION_KEY_DELETED' as WebhookEvent, label: 'Application key deleted' },
      { value: 'APPLICATION_KEY_UPDATED' as WebhookEvent, label: 'Application key updated' },
    ],
  },
];

export const allWebhookEvents: WebhookEvent[] = webhookEventGroups.flatMap((group) => group.events.map((event) => event.value));
