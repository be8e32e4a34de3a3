import { useMemo } from 'react';
import { useParams } from 'react-router';

import { MappingRulesTable } from '../../integration/components/MappingRulesTable';
import { BackendPage } from '../components/BackendPage';

/** Backends › a backend › Mapping Rules. */
export function BackendMappingRulesView() {
  const { backendId = '' } = useParams();
  const owner = useMemo(() => ({ backendID: backendId }), [backendId]);
  return (
    <BackendPage
      backendId={backendId}
      title="Mapping Rules"
      description="Rules that match request paths of the backend, relative to the path each product mounts it at."
    >
      <MappingRulesTable owner={owner} />
    </BackendPage>
  );
}
