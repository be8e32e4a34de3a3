import { PageSection } from '@patternfly/react-core';
import { Link } from 'react-router';

import { dashboardPath } from '../dashboard/urls';
import { ErrorState } from './ErrorState';
import { PageHeader } from './PageHeader';

/** What every address that names no screen shows, at the top level and inside each section. */
export function NotFoundView() {
  return (
    <>
      <PageHeader title="Page not found" />
      <PageSection isFilled>
        <ErrorState
          title="Page not found"
          message="There is nothing at this address. It may have moved, or the link may be wrong."
        />
        <p className="pf-v6-u-text-align-center">
          <Link to={dashboardPath}>Go to the dashboard</Link>
        </p>
      </PageSection>
    </>
  );
}
