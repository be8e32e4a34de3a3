import { useParams } from 'react-router';
import { useQuery } from 'urql';

import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { AccountStateLabel } from '../components/AccountStateLabel';
import { accountDetailQuery } from '../queries';
import { accountsPath } from '../urls';

/** Audience › Accounts › an account's overview. */
export function AccountDetailView() {
  const { accountId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: accountDetailQuery, variables: { id: accountId } });
  const account = data?.node?.__typename === 'Account' ? data.node : null;

  return (
    <DetailsPage
      title={account?.orgName ?? null}
      breadcrumbs={[{ label: 'Accounts', to: accountsPath }, { label: account?.orgName ?? 'Account' }]}
      fetching={fetching}
      error={error}
      found={!!account}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      details={
        account
          ? [
              { term: 'State', description: <AccountStateLabel state={account.state} /> },
              { term: 'Signed up', description: <DateTime value={account.createdAt} /> },
              { term: 'Account plan', description: account.plan?.name ?? '—' },
              { term: 'Users', description: account.users.totalCount },
              { term: 'Applications', description: account.applications.totalCount },
              { term: 'Service subscriptions', description: account.subscriptions.totalCount },
              { term: 'VAT code', description: account.vatCode ?? '—' },
              { term: 'Billing address', description: account.billingAddress ?? '—' },
            ]
          : []
      }
    />
  );
}
