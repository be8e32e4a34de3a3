import { ActionGroup, Button, Card, CardBody, CardTitle, Checkbox, Content, Form, PageSection } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { useHasSection } from '../../app/useHasSection';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { productsPath, productUrl } from '../../products/urls';
import { AlertsTable } from '../components/AlertsTable';
import { alertSettingsQuery, updateAlertSettingsMutation } from '../queries';

interface Levels {
  adminLevels: readonly number[];
  developerLevels: readonly number[];
  availableLevels: readonly number[];
}

/** Products › a product › Alerts: the levels that alert the team and developers, and the alerts raised. */
export function ProductAlertsView() {
  const { productId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: alertSettingsQuery, variables: { id: productId } });
  const product = data?.node?.__typename === 'Product' ? data.node : null;
  const canEdit = useHasSection('PLANS');
  return (
    <>
      <PageHeader
        title="Alerts"
        description="When an application's usage reaches a level of one of its plan's limits, in a period, one alert is raised for that level and period."
        breadcrumbs={[
          { label: 'Products', to: productsPath },
          { label: product?.name ?? 'Product', to: productUrl(productId) },
          { label: 'Alerts' },
        ]}
      />
      <PageSection isFilled>
        <div className="portico-settings-stack">
          {error ? (
            <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
          ) : product ? (
            <AlertSettingsCard key={product.id} productId={product.id} saved={product.alertSettings} readOnly={canEdit !== true} />
          ) : fetching ? (
            <LoadingState label="Loading the alert settings…" />
          ) : null}
          <Card>
            <CardTitle component="h2">Raised alerts</CardTitle>
            <CardBody>
              <AlertsTable productId={productId} />
            </CardBody>
          </Card>
        </div>
      </PageSection>
    </>
  );
}

function AlertSettingsCard({ productId, saved, readOnly }: { productId: string; saved: Levels; readOnly: boolean }) {
  const [admin, setAdmin] = useState<ReadonlySet<number>>(new Set(saved.adminLevels));
  const [developer, setDeveloper] = useState<ReadonlySet<number>>(new Set(saved.developerLevels));
  const [{ fetching: saving }, update] = useMutation(updateAlertSettingsMutation);
  const notify = useNotify();
  const toggle = (set: ReadonlySet<number>, level: number, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(level);
    else next.delete(level);
    return next;
  };
  const sorted = (set: ReadonlySet<number>) => [...set].sort((a, b) => a - b);

  async function save() {
    const result = await update({ productId, adminLevels: sorted(admin), developerLevels: sorted(developer) });
    if (result.error) {
      notify({ variant: 'danger', title: 'Could not save the alert settings', description: result.error.graphQLErrors[0]?.message ?? result.error.message });
      return;
    }
    notify({ variant: 'success', title: 'The alert settings were saved' });
  }

  return (
    <Card>
      <CardTitle component="h2">Alert settings</CardTitle>
      <CardBody>
        <Content component="p">
          Your team is told through its notifications (and by email, as each member chooses); developers are emailed at the address of their
          account's admins.
        </Content>
        <Form onSubmit={(event) => { event.preventDefault(); void save(); }}>
          <Table aria-label="Alert levels" variant="compact">
            <Thead>
              <Tr>
                <Th>Usage level</Th>
                <Th>Alert your team</Th>
                <Th>Alert developers</Th>
              </Tr>
            </Thead>
            <Tbody>
              {saved.availableLevels.map((level) => (
                <Tr key={level}>
                  <Td dataLabel="Usage level">{level} % of a limit</Td>
                  <Td dataLabel="Alert your team">
                    <Checkbox
                      id={`admin-${level}`}
                      aria-label={`Alert your team at ${level} %`}
                      isChecked={admin.has(level)}
                      isDisabled={readOnly}
                      onChange={(_event, on) => setAdmin((set) => toggle(set, level, on))}
                    />
                  </Td>
                  <Td dataLabel="Alert developers">
                    <Checkbox
                      id={`developer-${level}`}
                      aria-label={`Alert developers at ${level} %`}
                      isChecked={developer.has(level)}
                      isDisabled={readOnly}
                      onChange={(_event, on) => setDeveloper((set) => toggle(set, level, on))}
                    />
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          {readOnly ? null : (
            <ActionGroup>
              <Button type="submit" variant="primary" isLoading={saving} isDisabled={saving}>
                Save alert settings
              </Button>
            </ActionGroup>
          )}
        </Form>
      </CardBody>
    </Card>
  );
}
