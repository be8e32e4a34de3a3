import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
} from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';

import { accountUrl } from '../../accounts/urls';
import { DateTime } from '../../components/DateTime';
import type { PlanChangeRequestWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { planChangeRequestListQuery } from '../queries';
import { PlanChangeArrow, PlanChangeDecisionDialog, type PlanChangeDecision, type PlanChangeRequest } from './PlanChangeRequests';
import { planChangeUserName } from './planChangeUserName';

const resolvedWords = { APPLIED: 'applied', DISMISSED: 'dismissed' } as const;

/**
 * The plan change a developer asked for on this application, waiting for an admin, and the
 * request the admins' email links to (`?planChangeRequest=`), even once it was resolved.
 */
export function ApplicationPlanChangeRequests({
  application,
  requestId,
}: {
  application: { id: string; plan: { id: string; name: string } };
  /** The request named in the address, if any. */
  requestId: string | null;
}) {
  const where: PlanChangeRequestWhereInput = {
    applicationID: application.id,
    or: [{ state: 'PENDING' }, ...(requestId ? [{ id: requestId }] : [])],
  };
  const [{ data, fetching, error }] = useQuery({
    query: planChangeRequestListQuery,
    variables: { first: 10, where },
    context: useMemo(() => ({ additionalTypenames: ['PlanChangeRequest'] }), []),
  });
  const requests = useMemo(() => nodes(data?.planChangeRequests), [data]);
  const [decision, setDecision] = useState<PlanChangeDecision | null>(null);

  if (!data) {
    return error ? (
      <Alert className="pf-v6-u-mt-lg" variant="danger" isInline component="h2" title="Could not load the plan change requests of this application">
        {errorMessage(error)}
      </Alert>
    ) : null;
  }
  const missing = requestId !== null && !fetching && !requests.some((request) => request.id === requestId);

  function details(request: PlanChangeRequest) {
    const asker = request.requestedBy ? planChangeUserName(request.requestedBy) : null;
    return (
      <DescriptionList isHorizontal isCompact className="pf-v6-u-mt-sm">
        <DescriptionListGroup>
          <DescriptionListTerm>Requested by</DescriptionListTerm>
          <DescriptionListDescription>
            {asker ? `${asker}, of ` : ''}
            <Link to={accountUrl(request.account.id)}>{request.account.orgName}</Link>
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Requested</DescriptionListTerm>
          <DescriptionListDescription>
            <DateTime value={request.createdAt} withTime />
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Current plan</DescriptionListTerm>
          <DescriptionListDescription>
            {application.plan.name}
            {request.state === 'PENDING' && application.plan.id !== request.fromPlan.id
              ? ` (it was on “${request.fromPlan.name}” when the change was requested)`
              : ''}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Requested plan</DescriptionListTerm>
          <DescriptionListDescription>{request.toPlan.name}</DescriptionListDescription>
        </DescriptionListGroup>
        {request.resolvedAt ? (
          <DescriptionListGroup>
            <DescriptionListTerm>{request.state === 'APPLIED' ? 'Applied' : 'Dismissed'}</DescriptionListTerm>
            <DescriptionListDescription>
              <DateTime value={request.resolvedAt} withTime />
              {request.resolvedBy ? `, by ${planChangeUserName(request.resolvedBy)}` : null}
            </DescriptionListDescription>
          </DescriptionListGroup>
        ) : null}
      </DescriptionList>
    );
  }

  return (
    <>
      {missing ? (
        <Alert className="pf-v6-u-mt-lg" variant="warning" isInline component="h2" title="The plan change request in the link was not found">
          It does not belong to this application, or it was deleted with a plan.
        </Alert>
      ) : null}
      {requests.map((request) => (
        <Alert
          key={request.id}
          className="pf-v6-u-mt-lg"
          variant={request.state === 'PENDING' ? 'custom' : 'info'}
          isInline
          component="h2"
          title={
            request.state === 'PENDING' ? (
              <>
                Plan change requested: <PlanChangeArrow request={request} />
              </>
            ) : (
              <>
                Plan change {resolvedWords[request.state]}: <PlanChangeArrow request={request} />
              </>
            )
          }
        >
          {details(request)}
          {request.state === 'PENDING' ? (
            <Flex gap={{ default: 'gapSm' }} className="pf-v6-u-mt-md">
              <Button variant="primary" onClick={() => setDecision({ request, apply: true })}>
                Apply plan change
              </Button>
              <Button variant="secondary" onClick={() => setDecision({ request, apply: false })}>
                Dismiss request
              </Button>
            </Flex>
          ) : null}
        </Alert>
      ))}
      <PlanChangeDecisionDialog decision={decision} onClose={() => setDecision(null)} />
    </>
  );
}
