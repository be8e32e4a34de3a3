import { Card, CardBody, CardTitle, Content, PageSection } from '@patternfly/react-core';
import { useQuery } from 'urql';

import { DateTime } from '../../components/DateTime';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { emailProblem } from '../../components/validation';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { UserDetailsForm } from '../components/UserDetailsForm';
import { personalDetailsQuery } from '../queries';
import { settingsPath } from '../urls';


/** Account Settings › Personal › Personal Details: one's own name, email and password. */
export function PersonalDetailsView() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: personalDetailsQuery });
  const user = data?.viewer.user;
  const breadcrumbs = [{ label: 'Account Settings', to: settingsPath }, { label: 'Personal Details' }];

  if (error) {
    return (
      <>
        <PageHeader title="Personal Details" breadcrumbs={breadcrumbs} />
        <PageSection isFilled>
          <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
        </PageSection>
      </>
    );
  }
  if (!user || !data) {
    return fetching ? (
      <PageSection isFilled>
        <LoadingState />
      </PageSection>
    ) : null;
  }
  return (
    <>
      <PageHeader
        title="Personal Details"
        description={
          <>
            {user.role === 'ADMIN' ? 'Admin' : 'Member'} · last login <DateTime value={user.lastLoginAt} withTime />
          </>
        }
        breadcrumbs={breadcrumbs}
      />
      <PageSection isFilled>
        <div className="portico-settings-stack">
          <Card>
            <CardTitle component="h2">Details</CardTitle>
            <CardBody>
              <UserDetailsForm
                key={user.id}
                user={user}
                label="Personal details"
                checkEmail={emailProblem}
                ownDetails
                failureTitle="Could not save your details"
                successTitle={() => 'Saved your details'}
              />
            </CardBody>
          </Card>
          <Card>
            <CardTitle component="h2">Password</CardTitle>
            <CardBody>
              {data.viewer.tenant.strongPasswords ? (
                <Content component="p">Your organization requires strong passwords.</Content>
              ) : null}
              <ChangePasswordForm policy={data.passwordPolicies.team} />
            </CardBody>
          </Card>
        </div>
      </PageSection>
    </>
  );
}

