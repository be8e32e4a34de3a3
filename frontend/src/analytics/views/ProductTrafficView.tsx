import { PageSection } from '@patternfly/react-core';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';

import { useNodeName } from '../../graphql/nodeName';
import { ProductPage } from '../../products/components/ProductPage';
import { productConfigurationUrl, productTrafficUrl } from '../../products/urls';
import { TrafficPanel } from '../components/TrafficPanel';
import { productMetricsWhere } from '../queries';

/** Products › a product › Analytics › Traffic. */
export function ProductTrafficView() {
  const { productId = '' } = useParams();
  const name = useNodeName(productId) ?? 'product';
  const owner = useMemo(() => ({ productID: productId }), [productId]);
  const where = useMemo(() => productMetricsWhere(productId), [productId]);
  return (
    <ProductPage
      productId={productId}
      title="Traffic"
      parent={{ label: 'Analytics', to: productTrafficUrl(productId) }}
      description="Calls to the product per metric or method and their response times, as reported by its gateways."
    >
      <PageSection isFilled>
        <TrafficPanel
          owner={owner}
          metricsWhere={where}
          name={name}
          latency
          emptyHint={
            <>
              No traffic yet: send a call to the product&apos;s staging APIcast (the command is under{' '}
              <Link to={productConfigurationUrl(productId)}>Integration › Configuration</Link>) or report usage through the
              Service Management API (<code>/transactions/authrep.xml</code>), then come back here.
            </>
          }
        />
      </PageSection>
    </ProductPage>
  );
}
