import { PageHeader } from '../../components/PageHeader';
import { SubscriptionTable } from '../components/SubscriptionTable';

/** Audience › Accounts › Subscriptions: every account's service subscriptions. */
export function SubscriptionListView() {
  return (
    <>
      <PageHeader
        title="Service subscriptions"
        description="What each developer account is subscribed to: one subscription per account and product, on a service plan. Subscriptions on plans that require approval wait here as pending."
      />
      <SubscriptionTable />
    </>
  );
}
