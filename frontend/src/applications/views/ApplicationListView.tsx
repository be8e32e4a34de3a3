import { Alert, Button, PageSection } from '@patternfly/react-core';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { PageHeader } from '../../components/PageHeader';
import { ApplicationTable } from '../components/ApplicationTable';
import { count } from '../components/contracts';
import { planChangeRequestListQuery } from '../queries';
import { newApplicationPath, planChangeRequestsPath } from '../urls';

/** Audience › Applications › Listing, with bulk actions and a pointer to waiting plan change requests. */
export function ApplicationListView() {
  const navigate = useNavigate();
  const [{ data }] = useQuery({
    query: planChangeRequestListQuery,
    variables: { first: 1, where: { state: 'PENDING' } },
    context: useMemo(() => ({ additionalTypenames: ['PlanChangeRequest'] }), []),
  });
  const waiting = data?.planChangeRequests.totalCount ?? 0;
  return (
    <>
      <PageHeader
        title="Applications"
        description="Applications of all developer accounts, across products. Select applications to accept, suspend, resume or reject them, move them to another plan, or write to their owners."
        actions={
          <Button variant="primary" onClick={() => navigate(newApplicationPath)}>
            Create application
          </Button>
        }
      />
      {waiting > 0 ? (
        <PageSection className="pf-v6-u-pb-0">
          <Alert
            variant="info"
            isInline
            component="h2"
            title={`${count(waiting, 'plan change request')} waiting for a decision`}
            actionLinks={<Link to={planChangeRequestsPath}>Review plan change requests</Link>}
          />
        </PageSection>
      ) : null}
      <ApplicationTable />
    </>
  );
}
