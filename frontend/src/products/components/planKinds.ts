import type { FeatureScope, PlanKind } from '../../gql/graphql';
import { accountPlansPath } from '../../accounts/urls';
import { productApplicationPlansUrl, productServicePlansUrl } from '../urls';

/**
 * Which plans a screen shows: a product's application or service plans, or the tenant's account
 * plans (which belong to no product).
 */
export interface PlanScope {
  kind: PlanKind;
  /** The product of application and service plans; absent for account plans. */
  productId?: string;
}

export interface PlanKindText {
  /** "application plan", for sentences. */
  one: string;
  /** "Application Plans", for titles and navigation. */
  title: string;
  /** What subscribes to such a plan: "application", "subscription", "account". */
  contract: string;
  contracts: string;
  description: string;
  emptyHint: string;
  featureScope: FeatureScope;
  /** What deleting the plan takes with it. */
  deletes: string;
}

export const planKindText: Record<PlanKind, PlanKindText> = {
  APPLICATION: {
    one: 'application plan',
    title: 'Application Plans',
    contract: 'application',
    contracts: 'applications',
    description: 'Application plans set the access rules, rate limits and pricing of the applications subscribed to them.',
    emptyHint: 'Applications subscribe to a plan, which sets their limits and pricing.',
    featureScope: 'APPLICATION_PLAN',
    deletes: 'its limits, pricing rules and feature settings',
  },
  SERVICE: {
    one: 'service plan',
    title: 'Service Plans',
    contract: 'subscription',
    contracts: 'subscriptions',
    description:
      'Service plans set the terms of an account’s subscription to this product: its features, fees and whether subscribing needs your approval.',
    emptyHint: 'Accounts subscribe to the product on a service plan before they create applications on it.',
    featureScope: 'SERVICE_PLAN',
    deletes: 'its feature settings',
  },
  ACCOUNT: {
    one: 'account plan',
    title: 'Account Plans',
    contract: 'account',
    contracts: 'accounts',
    description:
      'Account plans set the terms every developer account signs up to across all your products: features, fees and whether signing up needs approval.',
    emptyHint: 'Every developer account is on an account plan; new accounts get the default one.',
    featureScope: 'ACCOUNT_PLAN',
    deletes: 'its feature settings',
  },
};

/** The list of a scope's plans. */
export function plansUrl(scope: PlanScope): string {
  switch (scope.kind) {
    case 'ACCOUNT':
      return accountPlansPath;
    case 'SERVICE':
      return productServicePlansUrl(scope.productId ?? '');
    default:
      return productApplicationPlansUrl(scope.productId ?? '');
  }
}

/** One plan of a scope. */
export function planUrl(scope: PlanScope, planId: string): string {
  return `${plansUrl(scope)}/${encodeURIComponent(planId)}`;
}

/** "3 applications", "1 subscription", "no accounts". */
export function contractCount(kind: PlanKind, n: number): string {
  const text = planKindText[kind];
  if (n === 0) return `no ${text.contracts}`;
  return `${n} ${n === 1 ? text.contract : text.contracts}`;
}

type Counted = { totalCount: number };

/** How many contracts hold a plan of this kind: its applications, subscriptions or accounts. */
export function contractsOf(kind: PlanKind, plan: { applications: Counted; subscriptions: Counted; accounts: Counted }): number {
  switch (kind) {
    case 'ACCOUNT':
      return plan.accounts.totalCount;
    case 'SERVICE':
      return plan.subscriptions.totalCount;
    default:
      return plan.applications.totalCount;
  }
}
