import { Button, Flex, Label } from '@patternfly/react-core';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { accountUrl } from '../../accounts/urls';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { useNotify } from '../../components/Notifications';
import { errorMessage } from '../../graphql/errors';
import { productPlanUrl, productUrl } from '../../products/urls';
import { RecordFieldsModal } from '../../accounts/components/RecordFields';
import { recordFieldDetails } from '../../accounts/components/fieldRules';
import { ApplicationUsageCard } from '../../analytics/components/ApplicationUsageCard';
import { ApplicationPlanCard } from '../components/ApplicationPlanCard';
import { ApplicationPlanChangeRequests } from '../components/ApplicationPlanChangeRequests';
import { ApplicationStateLabel } from '../components/ApplicationStateLabel';
import { CredentialsCard } from '../components/CredentialsCard';
import { ReferrerFiltersCard } from '../components/ReferrerFiltersCard';
import {
  acceptApplicationMutation,
  applicationDetailQuery,
  deleteApplicationMutation,
  rejectApplicationMutation,
  resumeApplicationMutation,
  suspendApplicationMutation,
  updateApplicationFieldsMutation,
} from '../queries';
import { applicationsPath } from '../urls';

type Dialog = 'suspend' | 'reject' | 'delete' | 'edit' | null;

/**
 * Audience › Applications › an application: state and approval, plan changes asked for by the
 * developer, the plan (changed or customized), credentials and referrer filters.
 */
export function ApplicationDetailView() {
  const { applicationId = '' } = useParams();
  const [params] = useSearchParams();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: applicationDetailQuery,
    variables: { id: applicationId },
  });
  const application = data?.node?.__typename === 'Application' ? data.node : null;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [, suspend] = useMutation(suspendApplicationMutation);
  const [, resume] = useMutation(resumeApplicationMutation);
  const [, accept] = useMutation(acceptApplicationMutation);
  const [, updateFields] = useMutation(updateApplicationFieldsMutation);
  const [, deleteApplication] = useMutation(deleteApplicationMutation);
  const [, rejectApplication] = useMutation(rejectApplicationMutation);
  const notify = useNotify();
  const navigate = useNavigate();

  async function transition(kind: 'suspend' | 'resume' | 'accept') {
    if (!application) return;
    setDialog(null);
    setBusy(true);
    const run = { suspend, resume, accept }[kind];
    const result = await run({ id: application.id });
    setBusy(false);
    const done = { suspend: 'Suspended', resume: 'Resumed', accept: 'Accepted' }[kind];
    if (result.error) notify({ variant: 'danger', title: `Could not ${kind} “${application.name}”`, description: errorMessage(result.error) });
    else notify({ variant: 'success', title: `${done} “${application.name}”` });
  }

  async function confirmReject() {
    if (!application) return;
    const result = await rejectApplication({ id: application.id }, { additionalTypenames: ['Application'] });
    setDialog(null);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not reject “${application.name}”`, description: errorMessage(result.error) });
      return;
    }
    notify({ variant: 'success', title: `Rejected and deleted application “${application.name}”` });
    navigate(applicationsPath);
  }

  async function confirmDelete() {
    if (!application) return;
    const result = await deleteApplication({ id: application.id }, { additionalTypenames: ['Application'] });
    setDialog(null);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not delete “${application.name}”`, description: errorMessage(result.error) });
      return;
    }
    notify({ variant: 'success', title: `Deleted application “${application.name}”` });
    navigate(accountUrl(application.account.id));
  }

  return (
    <DetailsPage
      title={application?.name ?? null}
      breadcrumbs={[{ label: 'Applications', to: applicationsPath }, { label: application?.name ?? 'Application' }]}
      fetching={fetching}
      error={error}
      found={!!application}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      actions={
        application ? (
          <Flex gap={{ default: 'gapSm' }} role="group" aria-label="Application actions">
            {application.state === 'PENDING' ? (
              <>
                <Button variant="primary" isLoading={busy} isDisabled={busy} onClick={() => void transition('accept')}>
                  Accept
                </Button>
                <Button variant="secondary" isDanger isDisabled={busy} onClick={() => setDialog('reject')}>
                  Reject
                </Button>
              </>
            ) : null}
            {application.state === 'LIVE' ? (
              <Button variant="secondary" isDanger isDisabled={busy} onClick={() => setDialog('suspend')}>
                Suspend
              </Button>
            ) : null}
            {application.state === 'SUSPENDED' ? (
              <Button variant="primary" isLoading={busy} isDisabled={busy} onClick={() => void transition('resume')}>
                Resume
              </Button>
            ) : null}
            <Button variant="secondary" onClick={() => setDialog('edit')}>
              Edit
            </Button>
            <Button variant="secondary" isDanger onClick={() => setDialog('delete')}>
              Delete
            </Button>
          </Flex>
        ) : null
      }
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
              {
                term: 'Application plan',
                description: (
                  <>
                    <Link to={productPlanUrl(application.product.id, application.plan.id)}>{application.plan.name}</Link>
                    {application.plan.originalID ? (
                      <>
                        {' '}
                        <Label isCompact color="purple">
                          Custom plan
                        </Label>
                      </>
                    ) : null}
                  </>
                ),
              },
              ...recordFieldDetails(application.fields, ['name']),
              { term: 'Created', description: <DateTime value={application.createdAt} withTime /> },
              { term: 'Accepted', description: <DateTime value={application.acceptedAt} withTime /> },
              { term: 'Trial ends', description: <DateTime value={application.trialEndsAt} /> },
              { term: 'First traffic', description: <DateTime value={application.firstTrafficAt} withTime /> },
            ]
          : []
      }
    >
      {application ? (
        <>
          <ApplicationPlanChangeRequests application={application} requestId={params.get('planChangeRequest')} />
          <ApplicationUsageCard application={application} />
          <ApplicationPlanCard application={application} />
          <CredentialsCard application={application} />
          <ReferrerFiltersCard application={application} />
          {dialog === 'edit' ? (
            <RecordFieldsModal
              title="Edit application"
              idPrefix="edit-application"
              fields={application.fields}
              save={async (fields) => (await updateFields({ id: application.id, fields })).error}
              saved={(values) => `Saved application “${values.name.trim()}”`}
              onClose={() => setDialog(null)}
            />
          ) : null}
        </>
      ) : null}
      <ConfirmDialog
        isOpen={dialog === 'suspend'}
        title="Suspend application?"
        confirmLabel="Suspend"
        onConfirm={() => transition('suspend')}
        onCancel={() => setDialog(null)}
      >
        Every request with the credentials of “{application?.name}” will be refused until the application is resumed.
      </ConfirmDialog>
      <ConfirmDialog
        isOpen={dialog === 'reject'}
        title="Reject application?"
        confirmLabel="Reject application"
        onConfirm={confirmReject}
        onCancel={() => setDialog(null)}
      >
        “{application?.name}” is refused and deleted with its credentials, as a rejected application is. This cannot be undone.
      </ConfirmDialog>
      <ConfirmDialog isOpen={dialog === 'delete'} title="Delete application?" confirmLabel="Delete application" onConfirm={confirmDelete} onCancel={() => setDialog(null)}>
        “{application?.name}” and its credentials will be deleted; requests with them will be refused. This cannot be undone.
      </ConfirmDialog>
    </DetailsPage>
  );
}
