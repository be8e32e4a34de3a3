import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';

import { accountUrl } from '../../accounts/urls';
import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { productUrl } from '../../products/urls';
import { ApplicationStateLabel } from '../components/ApplicationStateLabel';
import { applicationDetailQuery } from '../queries';
import { applicationsPath } from '../urls';

/** Audience › Applications › an application's overview. */
export function ApplicationDetailView() {
  const { applicationId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: applicationDetailQuery,
    variables: { id: applicationId },
  });
  const application = data?.node?.__typename === 'Application' ? data.node : null;

  return (
    <DetailsPage
      title={application?.name ?? null}
      breadcrumbs={[{ label: 'Applications', to: applicationsPath }, { label: application?.name ?? 'Application' }]}
      fetching={fetching}
      error={error}
      found={!!application}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      details={
        application
          ? [
              { term: 'State', description: <ApplicationStateLabel state={application.state} /> },
              {
                term: 'Account',
                description: <Link to={accountUrl(application.account.id)}>{application.account.orgName}</Link>,
              },
              {
                term: 'Product',
                description: <Link to={productUrl(application.product.id)}>{application.product.name}</Link>,
              },
              { term: 'Application plan', description: application.plan.name },
              { term: 'Description', description: application.description ?? '—' },
              { term: 'Created', description: <DateTime value={application.createdAt} withTime /> },
              { term: 'Accepted', description: <DateTime value={application.acceptedAt} withTime /> },
              { term: 'Trial ends', description: <DateTime value={application.trialEndsAt} /> },
              { term: 'First traffic', description: <DateTime value={application.firstTrafficAt} withTime /> },
              ...(application.product.authentication === 'USER_KEY'
                ? [{ term: 'User key', description: <code>{application.userKey ?? '—'}</code> }]
                : [
                    {
                      term: application.product.authentication === 'OIDC' ? 'Client ID' : 'Application ID',
                      description: <code>{application.appID ?? '—'}</code>,
                    },
                  ]),
            ]
          : []
      }
    />
  );
}
