import { useParams } from 'react-router';

import { MethodsMetricsTables } from '../../integration/components/MethodsMetricsTables';
import { BackendPage } from '../components/BackendPage';

/** Backends › a backend › Methods & Metrics. */
export function BackendMethodsMetricsView() {
  const { backendId = '' } = useParams();
  return (
    <BackendPage backendId={backendId} title="Methods & Metrics">
      <MethodsMetricsTables owner={{ backendID: backendId }} />
    </BackendPage>
  );
}
