import { useMemo } from 'react';
import { useParams } from 'react-router';

import { MetricTree } from '../../integration/components/MetricTree';
import { BackendPage } from '../components/BackendPage';
import { backendMappingRulesUrl } from '../urls';

/** Backends › a backend › Methods & Metrics. */
export function BackendMethodsMetricsView() {
  const { backendId = '' } = useParams();
  const owner = useMemo(() => ({ backendID: backendId }), [backendId]);
  return (
    <BackendPage
      backendId={backendId}
      title="Methods & Metrics"
      description="What the backend counts; every product that uses the backend counts it too."
    >
      <MetricTree owner={owner} mappingRulesUrl={backendMappingRulesUrl(backendId)} />
    </BackendPage>
  );
}
