import { PageSection } from '@patternfly/react-core';

import { PageHeader } from '../../components/PageHeader';
import { applicationsPath } from '../../applications/urls';
import { AlertsTable } from '../components/AlertsTable';

/** Audience › Applications › Alerts: the usage alerts of every product. */
export function AlertsView() {
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Applications that reached a usage level of one of their limits. Each product's Alerts page sets the levels."
        breadcrumbs={[{ label: 'Applications', to: applicationsPath }, { label: 'Alerts' }]}
      />
      <PageSection isFilled>
        <AlertsTable />
      </PageSection>
    </>
  );
}
