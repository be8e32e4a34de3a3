import { useQuery } from 'urql';

import { DetailsPage } from '../../components/DetailsPage';
import { settingsOverviewQuery } from '../queries';

/** Account Settings › Overview: the provider account itself. */
export function SettingsOverviewView() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: settingsOverviewQuery });
  const tenant = data?.viewer.tenant;

  return (
    <DetailsPage
      title={tenant ? 'Account Settings' : null}
      breadcrumbs={[]}
      fetching={fetching}
      error={error}
      found={!!tenant}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      details={
        tenant
          ? [
              { term: 'Organization', description: tenant.orgName },
              { term: 'Admin Portal domain', description: <code>{tenant.adminDomain}</code> },
              { term: 'Developer Portal domain', description: tenant.developerDomain ? <code>{tenant.developerDomain}</code> : '—' },
              { term: 'Time zone', description: tenant.timeZone },
            ]
          : []
      }
    />
  );
}
