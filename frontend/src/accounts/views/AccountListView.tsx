import { PageSection, Timestamp, TimestampFormat } from '@patternfly/react-core';
import { Link } from 'react-router';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { SearchFilter } from '../../components/SearchFilter';
import { StateFilter } from '../../components/StateFilter';
import type { AccountState, AccountWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { useCursorPage, useListFilter } from '../../graphql/useCursorPage';
import { AccountStateLabel } from '../components/AccountStateLabel';
import { accountStateOptions } from '../components/accountStates';
import { accountListQuery } from '../queries';
import { accountUrl } from '../urls';

/** Audience › Accounts › Listing. */
export function AccountListView() {
  const page = useCursorPage();
  const [search, setSearch] = useListFilter('q');
  const [state, setState] = useListFilter('state');
  const where: AccountWhereInput = {
    ...(search ? { orgNameContainsFold: search } : {}),
    ...(state ? { state: state as AccountState } : {}),
  };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: accountListQuery,
    variables: { ...page.variables, where },
  });
  const filtered = search !== '' || state !== '';

  return (
    <>
      <PageHeader title="Accounts" description="Developer accounts that consume your APIs." />
      <PageSection isFilled>
        <ListTable
          label="Accounts"
          rows={data ? nodes(data.accounts) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          filters={
            <>
              <SearchFilter label="Search by organization" value={search} onChange={setSearch} />
              <StateFilter label="State" options={accountStateOptions} value={state} onChange={setState} />
            </>
          }
          pagination={
            data ? { page, totalCount: data.accounts.totalCount, pageInfo: data.accounts.pageInfo } : undefined
          }
          empty={
            filtered ? (
              <BlankState title="No accounts match" variant="noResults">
                Change the search or the state filter.
              </BlankState>
            ) : (
              <BlankState title="No developer accounts yet">
                Accounts appear here when developers sign up on your Developer Portal.
              </BlankState>
            )
          }
          columns={[
            {
              title: 'Group/Org.',
              width: 25,
              cell: (account) => <Link to={accountUrl(account.id)}>{account.orgName}</Link>,
            },
            {
              title: 'Admin',
              cell: (account) => nodes(account.users)[0]?.username ?? '—',
            },
            {
              title: 'Signup date',
              cell: (account) => (
                <Timestamp date={new Date(account.createdAt)} dateFormat={TimestampFormat.medium} />
              ),
            },
            { title: 'Plan', cell: (account) => account.plan?.name ?? '—' },
            { title: 'Apps', cell: (account) => account.applications.totalCount },
            { title: 'State', cell: (account) => <AccountStateLabel state={account.state} /> },
          ]}
        />
      </PageSection>
    </>
  );
}
