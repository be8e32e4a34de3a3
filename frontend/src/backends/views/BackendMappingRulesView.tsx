import { useParams } from 'react-router';

import { MappingRulesTable } from '../../integration/components/MappingRulesTable';
import { BackendPage } from '../components/BackendPage';

/** Backends › a backend › Mapping Rules. */
export function BackendMappingRulesView() {
  const { backendId = '' } = useParams();
  return (
    <BackendPage backendId={backendId} title="Mapping Rules">
      <MappingRulesTable owner={{ backendID: backendId }} />
    </BackendPage>
  );
}
