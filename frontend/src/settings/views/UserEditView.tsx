import { ActionGroup, Button, Card, CardBody, CardTitle, Form, Label, PageSection } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { DateTime } from '../../components/DateTime';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { NotPermittedState } from '../../components/NotPermittedState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { UserDetailsForm } from '../components/UserDetailsForm';
import { requiredProblem } from '../../components/validation';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { RightsMatrix, type Rights } from '../components/RightsMatrix';
import { userStateText } from '../components/userState';
import { updateUserPermissionsMutation, userRightsQuery } from '../queries';
import { settingsPath, usersPath } from '../urls';


/** Account Settings › Users › one team user: their details and rights (admins only). */
export function UserEditView() {
  const { userId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: userRightsQuery, variables: { id: userId } });
  const user = data?.node?.__typename === 'User' ? data.node : null;
  const products = useMemo(() => (data ? nodes(data.products) : []), [data]);
  const isAdmin = data?.viewer.user.role === 'ADMIN';
  const breadcrumbs = [
    { label: 'Account Settings', to: settingsPath },
    { label: 'Users', to: usersPath },
    { label: user?.username ?? 'User' },
  ];

  if (error) {
    return (
      <>
        <PageHeader title="User" breadcrumbs={breadcrumbs} />
        <PageSection isFilled>
          <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
        </PageSection>
      </>
    );
  }
  if (!data) {
    return (
      <PageSection isFilled>
        <LoadingState />
      </PageSection>
    );
  }
  if (!isAdmin) {
    return (
      <>
        <PageHeader title="User" breadcrumbs={breadcrumbs} />
        <PageSection isFilled>
          <NotPermittedState message="Only admins of this Portico account can change users and their rights." />
        </PageSection>
      </>
    );
  }
  if (!user || user.accountID) {
    return (
      <>
        <PageHeader title="Not found" breadcrumbs={breadcrumbs} />
        <PageSection isFilled>
          <ErrorState title="Not found" message={fetching ? 'Loading…' : 'This user does not exist, or it was deleted.'} />
        </PageSection>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={user.username}
        description={
          <>
            <Label isCompact variant="outline" status={user.state === 'ACTIVE' ? 'success' : 'warning'}>
              {userStateText[user.state]}
            </Label>{' '}
            Last login: <DateTime value={user.lastLoginAt} withTime />
          </>
        }
        breadcrumbs={breadcrumbs}
      />
      <PageSection isFilled>
        <div className="portico-settings-stack">
          <UserDetailsCard key={`details-${user.id}`} user={user} />
          <UserRightsCard
            key={`rights-${user.id}`}
            userId={user.id}
            username={user.username}
            initial={{
              role: user.role,
              sections: user.sections ?? [],
              allProducts: user.allProducts,
              productIds: user.productIds ?? [],
            }}
            products={products}
          />
        </div>
      </PageSection>
    </>
  );
}

interface EditableUser {
  id: string;
  username: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
}

function UserDetailsCard({ user }: { user: EditableUser }) {
  return (
    <Card>
      <CardTitle component="h2">Details</CardTitle>
      <CardBody>
        <UserDetailsForm
          user={user}
          label="User details"
          checkEmail={(email) => requiredProblem(email, 'an email address')}
          ownDetails={false}
          failureTitle="Could not save the user"
          successTitle={(username) => `Saved ${username}`}
        />
      </CardBody>
    </Card>
  );
}

interface UserRightsCardProps {
  userId: string;
  username: string;
  initial: Rights;
  products: { id: string; name: string; systemName: string }[];
  roleLockedReason?: string;
}

function UserRightsCard({ userId, username, initial, products, roleLockedReason }: UserRightsCardProps) {
  const [rights, setRights] = useState<Rights>(initial);
  const [{ fetching }, updatePermissions] = useMutation(updateUserPermissionsMutation);
  const notify = useNotify();

  async function save() {
    const result = await updatePermissions({
      id: userId,
      input: {
        role: rights.role,
        sections: rights.role === 'ADMIN' ? [] : rights.sections,
        allProducts: rights.allProducts,
        productIDs: rights.allProducts ? [] : rights.productIds,
      },
    });
    if (result.error) {
      notify({ variant: 'danger', title: `Could not change the rights of ${username}`, description: errorMessage(result.error) });
    } else {
      notify({ variant: 'success', title: `Saved the rights of ${username}` });
    }
  }

  return (
    <Card>
      <CardTitle component="h2">Administrative rights</CardTitle>
      <CardBody>
        <Form
          aria-label="Rights"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <RightsMatrix value={rights} onChange={setRights} products={products} roleLockedReason={roleLockedReason} />
          <ActionGroup>
            <Button type="submit" variant="primary" isLoading={fetching} isDisabled={fetching}>
              Save rights
            </Button>
          </ActionGroup>
        </Form>
      </CardBody>
    </Card>
  );
}
