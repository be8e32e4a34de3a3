import { PageSection } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useQuery } from 'urql';

import { LoadingState } from '../components/LoadingState';
import { NotPermittedState } from '../components/NotPermittedState';
import { PageHeader } from '../components/PageHeader';
import { graphql } from '../gql';
import type { AdminSection } from '../gql/graphql';

const viewerSectionsQuery = graphql(`
  query ViewerSections {
    viewer {
      user {
        id
        role
        sections
      }
    }
  }
`);

/**
 * Shows a whole area of the Admin Portal only to admins and to members given
 * `section`; everyone else gets the not-permitted state instead of failing requests.
 */
export function RequireSection({ section, title, children }: { section: AdminSection; title: string; children: ReactNode }) {
  const [{ data, error }] = useQuery({ query: viewerSectionsQuery });
  if (error) return children;
  if (!data) {
    return (
      <PageSection isFilled>
        <LoadingState />
      </PageSection>
    );
  }
  const user = data.viewer.user;
  if (user.role === 'ADMIN' || (user.sections ?? []).includes(section)) return children;
  return (
    <>
      <PageHeader title={title} />
      <PageSection isFilled>
        <NotPermittedState />
      </PageSection>
    </>
  );
}
