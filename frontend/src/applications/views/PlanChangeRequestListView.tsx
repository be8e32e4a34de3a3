import { Button, Flex, PageSection } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';

import { accountUrl } from '../../accounts/urls';
import { BlankState } from '../../components/BlankState';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { StateFilter } from '../../components/StateFilter';
import type { PlanChangeRequestState, PlanChangeRequestWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { useCursorPage, useListFilter } from '../../graphql/useCursorPage';
import {
  PlanChangeArrow,
  PlanChangeDecisionDialog,
  PlanChangeStateLabel,
  type PlanChangeDecision,
} from '../components/PlanChangeRequests';
import { planChangeUserName } from '../components/planChangeUserName';
import { planChangeRequestListQuery } from '../queries';
import { applicationsPath, planChangeRequestUrl } from '../urls';

const stateOptions: { value: PlanChangeRequestState; label: string }[] = [
  { value: 'PENDING', label: 'Pending' },
  { value: 'APPLIED', label: 'Applied' },
  { value: 'DISMISSED', label: 'Dismissed' },
];

/** Audience › Applications › Plan change requests: what developers asked for, waiting ones first. */
export function PlanChangeRequestListView() {
  const page = useCursorPage();
  const [state, setState] = useListFilter('state');
  const where: PlanChangeRequestWhereInput = state ? { state: state as PlanChangeRequestState } : {};
  const [{ data, fetching, error }, refetch] = useQuery({
    query: planChangeRequestListQuery,
    variables: { ...page.variables, where },
    context: useMemo(() => ({ additionalTypenames: ['PlanChangeRequest'] }), []),
  });
  const rows = useMemo(() => (data ? nodes(data.planChangeRequests) : undefined), [data]);
  const [decision, setDecision] = useState<PlanChangeDecision | null>(null);

  return (
    <>
      <PageHeader
        title="Plan change requests"
        description="Developers ask here for another application plan when their product lets them request, rather than make, a change. Applying moves the application at once; either way the developer is told by message and email."
        breadcrumbs={[{ label: 'Applications', to: applicationsPath }, { label: 'Plan change requests' }]}
      />
      <PageSection isFilled>
        <ListTable
          label="Plan change requests"
          rows={rows}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          filters={<StateFilter label="State" options={stateOptions} value={state} onChange={setState} />}
          pagination={
            data ? { page, totalCount: data.planChangeRequests.totalCount, pageInfo: data.planChangeRequests.pageInfo } : undefined
          }
          empty={
            state ? (
              <BlankState title="No plan change requests match" variant="noResults">
                Change the state filter.
              </BlankState>
            ) : (
              <BlankState title="No plan change requests">
                Requests appear here when a developer asks for another application plan of a product whose plan changes
                need the provider's approval.
              </BlankState>
            )
          }
          columns={[
            {
              title: 'Application',
              width: 20,
              cell: (request) => (
                <Link to={planChangeRequestUrl(request.application.id, request.id)}>{request.application.name}</Link>
              ),
            },
            {
              title: 'Account',
              cell: (request) => <Link to={accountUrl(request.account.id)}>{request.account.orgName}</Link>,
            },
            { title: 'Plan change', modifier: 'wrap', cell: (request) => <PlanChangeArrow request={request} /> },
            {
              title: 'Requested by',
              modifier: 'wrap',
              cell: (request) => (request.requestedBy ? planChangeUserName(request.requestedBy) : '—'),
            },
            { title: 'Requested', modifier: 'wrap', cell: (request) => <DateTime value={request.createdAt} withTime /> },
            { title: 'State', cell: (request) => <PlanChangeStateLabel state={request.state} /> },
            {
              title: 'Decision',
              cell: (request) =>
                request.state === 'PENDING' ? (
                  <Flex gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }}>
                    <Button
                      variant="secondary"
                      size="sm"
                      aria-label={`Apply the plan change of ${request.application.name}`}
                      onClick={() => setDecision({ request, apply: true })}
                    >
                      Apply
                    </Button>
                    <Button
                      variant="link"
                      size="sm"
                      aria-label={`Dismiss the plan change of ${request.application.name}`}
                      onClick={() => setDecision({ request, apply: false })}
                    >
                      Dismiss
                    </Button>
                  </Flex>
                ) : (
                  <>
                    <DateTime value={request.resolvedAt} withTime />
                    {request.resolvedBy ? `, by ${planChangeUserName(request.resolvedBy)}` : null}
                  </>
                ),
            },
          ]}
        />
      </PageSection>
      <PlanChangeDecisionDialog decision={decision} onClose={() => setDecision(null)} />
    </>
  );
}
