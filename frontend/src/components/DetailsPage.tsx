import {
  Card,
  CardBody,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  PageSection,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';

import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';
import { PageHeader, type Crumb } from './PageHeader';

export interface Detail {
  term: string;
  description: ReactNode;
}

export interface DetailsPageProps {
  /** Null while loading or when the object was not found. */
  title: string | null;
  breadcrumbs: Crumb[];
  fetching: boolean;
  error?: CombinedError | null;
  /** False when the answer arrived but held no object of the expected type. */
  found: boolean;
  details: Detail[];
  onRetry?: () => void;
  actions?: ReactNode;
  children?: ReactNode;
}

/** The overview screen of one object: title, a description list, and any sections below. */
export function DetailsPage({
  title,
  breadcrumbs,
  fetching,
  error,
  found,
  details,
  onRetry,
  actions,
  children,
}: DetailsPageProps) {
  if (error) {
    return (
      <>
        <PageHeader title="Error" breadcrumbs={breadcrumbs} />
        <PageSection isFilled>
          <ErrorState error={error} onRetry={onRetry} />
        </PageSection>
      </>
    );
  }
  if (!found || title === null) {
    return fetching ? (
      <PageSection isFilled>
        <LoadingState />
      </PageSection>
    ) : (
      <>
        <PageHeader title="Not found" breadcrumbs={breadcrumbs} />
        <PageSection isFilled>
          <ErrorState title="Not found" message="It does not exist, or it was deleted." />
        </PageSection>
      </>
    );
  }
  return (
    <>
      <PageHeader title={title} breadcrumbs={breadcrumbs} actions={actions} />
      <PageSection isFilled>
        <Card>
          <CardBody>
            <DescriptionList isHorizontal isCompact columnModifier={{ lg: '2Col' }}>
              {details.map((detail) => (
                <DescriptionListGroup key={detail.term}>
                  <DescriptionListTerm>{detail.term}</DescriptionListTerm>
                  <DescriptionListDescription>{detail.description}</DescriptionListDescription>
                </DescriptionListGroup>
              ))}
            </DescriptionList>
          </CardBody>
        </Card>
        {children}
      </PageSection>
    </>
  );
}
