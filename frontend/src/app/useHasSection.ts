import { useQuery } from 'urql';

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
 * Whether the signed-in user may see `section`, or any of several (admins see every section);
 * undefined until known, and true when the viewer could not be read (the API still refuses what
 * is not allowed).
 */
export function useHasSection(section: AdminSection | readonly AdminSection[]): boolean | undefined {
  const [{ data, error }] = useQuery({ query: viewerSectionsQuery });
  if (error) return true;
  if (!data) return undefined;
  const user = data.viewer.user;
  const wanted: readonly AdminSection[] = typeof section === 'string' ? [section] : section;
  return user.role === 'ADMIN' || wanted.some((one) => (user.sections ?? []).includes(one));
}

/**
 * Whether the signed-in user may work in any area at all (admins may); undefined until known, and
 * true when the viewer could not be read.
 */
export function useHasAnySection(): boolean | undefined {
  const [{ data, error }] = useQuery({ query: viewerSectionsQuery });
  if (error) return true;
  if (!data) return undefined;
  const user = data.viewer.user;
  return user.role === 'ADMIN' || (user.sections ?? []).length > 0;
}
