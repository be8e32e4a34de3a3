import { useParams } from 'react-router';

import { MethodsMetricsTables } from '../../integration/components/MethodsMetricsTables';
import { ProductPage } from '../components/ProductPage';

/** Products › a product › Integration › Methods & Metrics. */
export function ProductMethodsMetricsView() {
  const { productId = '' } = useParams();
  return (
    <ProductPage
      productId={productId}
      title="Methods & Metrics"
      description="What the product counts: calls to methods, and metrics in units of your choice."
    >
      <MethodsMetricsTables owner={{ productID: productId }} />
    </ProductPage>
  );
}
