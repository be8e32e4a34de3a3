import { PageSection } from '@patternfly/react-core';
import { useMemo } from 'react';
import { useParams } from 'react-router';

import { BackendPage } from '../../backends/components/BackendPage';
import { useNodeName } from '../../graphql/nodeName';
import { TrafficPanel } from '../components/TrafficPanel';

/** Backends › a backend › Analytics › Traffic: the usage of every product that uses it. */
export function BackendTrafficView() {
  const { backendId = '' } = useParams();
  const name = useNodeName(backendId) ?? 'backend';
  const owner = useMemo(() => ({ backendID: backendId }), [backendId]);
  const where = useMemo(() => ({ backendID: backendId }), [backendId]);
  return (
    <BackendPage
      backendId={backendId}
      title="Traffic"
      description="Calls to the backend's metrics and methods, summed over every product that uses the backend."
    >
      <PageSection isFilled>
        <TrafficPanel
          owner={owner}
          metricsWhere={where}
          name={name}
          emptyHint={
            <>
              No traffic yet: add this backend to a product (the product&apos;s Integration › Backends), then send a call
              whose path matches one of the backend&apos;s mapping rules through that product&apos;s APIcast.
            </>
          }
        />
      </PageSection>
    </BackendPage>
  );
}
