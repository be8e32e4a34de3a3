import { useMemo } from 'react';
import { useParams } from 'react-router';

import { MetricTree } from '../../integration/components/MetricTree';
import { ProductPage } from '../components/ProductPage';
import { productMappingRulesUrl } from '../urls';

/** Products › a product › Integration › Methods & Metrics. */
export function ProductMethodsMetricsView() {
  const { productId = '' } = useParams();
  const owner = useMemo(() => ({ productID: productId }), [productId]);
  return (
    <ProductPage
      productId={productId}
      title="Methods & Metrics"
      description="What the product counts: calls to methods, which add to Hits, and metrics in units of your choice."
    >
      <MetricTree owner={owner} mappingRulesUrl={productMappingRulesUrl(productId)} />
    </ProductPage>
  );
}
