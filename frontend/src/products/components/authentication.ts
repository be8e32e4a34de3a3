import type { ProductAuthentication, ProductPlanChangePermission, ProductState } from '../../gql/graphql';

export const authenticationOptions: { value: ProductAuthentication; label: string; description: string }[] = [
  { value: 'USER_KEY', label: 'API key (user_key)', description: 'Applications send a single key with every request.' },
  {
    value: 'APP_ID',
    label: 'App ID and App Key pair',
    description: 'Applications send an identifier and one of up to five keys.',
  },
  {
    value: 'OIDC',
    label: 'OpenID Connect',
    description: 'Applications obtain tokens from your identity provider with a client ID and secret.',
  },
];

export const authenticationName = (value: ProductAuthentication) =>
  authenticationOptions.find((option) => option.value === value)?.label ?? value;

/**
 * How developers change plans, as 3scale offers it for application plans (per product) and for
 * account and service plans (per tenant): the same five choices everywhere.
 */
export const planChangeOptions: { value: ProductPlanChangePermission; label: string }[] = [
  { value: 'DIRECT', label: 'Change plan directly' },
  { value: 'REQUEST', label: 'Request a plan change' },
  { value: 'CREDIT_CARD', label: 'Change directly with a credit card; paid plans need one' },
  { value: 'REQUEST_CREDIT_CARD', label: 'Change directly with a credit card; otherwise request' },
  { value: 'NONE', label: 'Plan changes not allowed' },
];

/** What the credit-card choices do for application plans. */
export const planChangeHelp =
  'With a credit card on file, or to a plan that costs nothing, the credit card choices change the plan at once. Without one, a paid plan is refused until the developer enters a card, or becomes a request for you to approve.';

/** What a request means for account and service plans, which keep no request record (as in 3scale). */
export const levelPlanChangeHelp =
  'A request notifies your team with a link to the account, where an admin changes the plan. The credit card choices work as they do for application plans.';

export const productStateOptions: { value: ProductState; label: string }[] = [
  { value: 'INCOMPLETE', label: 'Incomplete' },
  { value: 'HIDDEN', label: 'Hidden' },
  { value: 'PUBLISHED', label: 'Published' },
  { value: 'DEPRECATED', label: 'Deprecated' },
  { value: 'OFFLINE', label: 'Offline' },
];
