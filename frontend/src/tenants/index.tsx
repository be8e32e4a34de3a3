import { PageSection } from '@patternfly/react-core';
import { Route, Routes } from 'react-router';
import { useQuery } from 'urql';

import { LoadingState } from '../components/LoadingState';
import { NotFoundView } from '../components/NotFoundView';
import { NotPermittedState } from '../components/NotPermittedState';
import { PageHeader } from '../components/PageHeader';
import { shellViewerQuery } from '../shell/queries';
import { TenantDetailView } from './views/TenantDetailView';
import { TenantListView } from './views/TenantListView';

/** The master portal: open to users of the master account only. */
export default function TenantsSection() {
  const [{ data }] = useQuery({ query: shellViewerQuery });
  if (!data) {
    return (
      <PageSection isFilled>
        <LoadingState />
      </PageSection>
    );
  }
  if (!data.viewer.tenant.master) {
    return (
      <>
        <PageHeader title="Tenants" />
        <PageSection isFilled>
          <NotPermittedState message="Tenants are managed from the master account, at its own address." />
        </PageSection>
      </>
    );
  }
  return (
    <Routes>
      <Route index element={<TenantListView />} />
      <Route path=":tenantId" element={<TenantDetailView />} />
      <Route path="*" element={<NotFoundView />} />
    </Routes>
  );
}
