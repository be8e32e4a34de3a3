import { PageSection } from '@patternfly/react-core';
import { WrenchIcon } from '@patternfly/react-icons';

import { BlankState } from './BlankState';
import { PageHeader, type Crumb } from './PageHeader';

export interface PlaceholderProps {
  title: string;
  description?: string;
  breadcrumbs?: Crumb[];
}

/** A screen whose address and navigation exist but whose content is not available in this version. */
export function Placeholder({ title, description, breadcrumbs }: PlaceholderProps) {
  return (
    <>
      <PageHeader title={title} description={description} breadcrumbs={breadcrumbs} />
      <PageSection isFilled>
        <BlankState title="Not available yet" icon={WrenchIcon}>
          This screen is not available in this version of Portico. Its data can be managed through the
          Account Management API meanwhile.
        </BlankState>
      </PageSection>
    </>
  );
}
