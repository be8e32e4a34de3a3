import { Navigate, useLocation, useParams } from 'react-router';

/** Sends an address that moved to its new one, built from its `:id`, keeping the query. */
export function Moved({ to }: { to: (id: string) => string }) {
  const { id = '' } = useParams();
  const { search } = useLocation();
  return <Navigate to={to(id) + search} replace />;
}
