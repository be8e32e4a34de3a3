import { ActionGroup, Button, Card, CardBody, CardTitle, Content, Form, PageSection } from '@patternfly/react-core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { DateTime } from '../../components/DateTime';
import { ErrorState } from '../../components/ErrorState';
import { TextField } from '../../components/FormFields';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { emailProblem, problems, requiredProblem } from '../../components/validation';
import type { PersonalDetailsQuery } from '../../gql/graphql';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { personalDetailsQuery, updateUserMutation } from '../queries';
import { settingsPath } from '../urls';

type Me = PersonalDetailsQuery['viewer']['user'];
const fields = ['username', 'email', 'firstName', 'lastName'] as const;

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
              <DetailsForm key={user.id} user={user} />
            </CardBody>
          </Card>
          <Card>
            <CardTitle component="h2">Password</CardTitle>
            <CardBody>
              {data.viewer.tenant.strongPasswords ? (
                <Content component="p">Your organization requires strong passwords.</Content>
              ) : null}
              <ChangePasswordForm strongPasswords={data.viewer.tenant.strongPasswords} />
            </CardBody>
          </Card>
          <Card>
            <CardTitle component="h2">Notification preferences</CardTitle>
            <CardBody>
              <Content component="p">
                Which events email you (new signups, applications awaiting approval, plan change requests, usage
                alerts) will be chosen here. Until then, invitations and messages reach you at the email address
                above.
              </Content>
            </CardBody>
          </Card>
        </div>
      </PageSection>
    </>
  );
}

function DetailsForm({ user }: { user: Me }) {
  const [values, setValues] = useState({
    username: user.username,
    email: user.email,
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? '',
  });
  const { errors, setErrors, report } = useFormErrors(fields);
  const [{ fetching }, updateUser] = useMutation(updateUserMutation);
  const notify = useNotify();
  const set = (field: keyof typeof values) => (value: string) => setValues((old) => ({ ...old, [field]: value }));

  async function save() {
    const found = problems({ username: requiredProblem(values.username, 'a username'), email: emailProblem(values.email) });
    setErrors(found);
    if (Object.keys(found).length) return;
    const result = await updateUser({
      id: user.id,
      input: {
        username: values.username.trim(),
        email: values.email.trim(),
        ...(values.firstName.trim() ? { firstName: values.firstName.trim() } : { clearFirstName: true }),
        ...(values.lastName.trim() ? { lastName: values.lastName.trim() } : { clearLastName: true }),
      },
    });
    if (result.error) report(result.error, 'Could not save your details');
    else notify({ variant: 'success', title: 'Saved your details' });
  }

  return (
    <Form
      aria-label="Personal details"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <TextField id="username" label="Username" isRequired value={values.username} onChange={set('username')} error={errors.username} autoComplete="username" />
      <TextField id="email" label="Email" type="email" isRequired value={values.email} onChange={set('email')} error={errors.email} autoComplete="email" />
      <TextField id="firstName" label="First name" value={values.firstName} onChange={set('firstName')} error={errors.firstName} autoComplete="given-name" />
      <TextField id="lastName" label="Last name" value={values.lastName} onChange={set('lastName')} error={errors.lastName} autoComplete="family-name" />
      <ActionGroup>
        <Button type="submit" variant="primary" isLoading={fetching} isDisabled={fetching}>
          Save details
        </Button>
      </ActionGroup>
    </Form>
  );
}
