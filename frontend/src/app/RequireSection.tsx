import { PageSection } from '@patternfly/react-core';
import type { ReactNode } from 'react';

import { LoadingState } from '../components/LoadingState';
import { NotPermittedState } from '../components/NotPermittedState';
import { PageHeader } from '../components/PageHeader';
import type { AdminSection } from '../gql/graphql';
import { useHasSection } from './useHasSection';

/**
 * Shows a whole area of the Admin Portal only to admins and to members given
 * `section` (or any of several); everyone else gets the not-permitted state instead of failing
 * requests.
 */
export function RequireSection({ section, title, children }: { section: AdminSection | readonly AdminSection[]; title: string; children: ReactNode }) {
  const allowed = useHasSection(section);
  if (allowed === undefined) {
    return (
      <PageSection isFilled>
        <LoadingState />
      </PageSection>
    );
  }
  if (allowed) return children;
  return (
    <>
      <PageHeader title={title} />
      <PageSection isFilled>
        <NotPermittedState />
      </PageSection>
    </>
  );
}
