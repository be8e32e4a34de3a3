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
 * Whether the signed-in user may see `section` (admins see every section); undefined until known,
 * and true when the viewer could not be read (the API still refuses what is not allowed).
 */
export function useHasSection(section: AdminSection): boolean | undefined {
  const [{ data, error }] = useQuery({ query: viewerSectionsQuery });
  if (error) return true;
  if (!data) return undefined;
  const user = data.viewer.user;
  return user.role === 'ADMIN' || (user.sections ?? []).includes(section);
}

/**
 * Shows a whole area of the Admin Portal only to admins and to members given
 * `section`; everyone else gets the not-permitted state instead of failing requests.
 */
export function RequireSection({ section, title, children }: { section: AdminSection; title: string; children: ReactNode }) {
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
