import { Button } from '@patternfly/react-core';
import { useNavigate } from 'react-router';

import { PageHeader } from '../../components/PageHeader';
import { ApplicationTable } from '../components/ApplicationTable';
import { newApplicationPath } from '../urls';

/** Audience › Applications › Listing. */
export function ApplicationListView() {
  const navigate = useNavigate();
  return (
    <>
      <PageHeader
        title="Applications"
        description="Applications of all developer accounts, across products."
        actions={
          <Button variant="primary" onClick={() => navigate(newApplicationPath)}>
            Create application
          </Button>
        }
      />
      <ApplicationTable />
    </>
  );
}
