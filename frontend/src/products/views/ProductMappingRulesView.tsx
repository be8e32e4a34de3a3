import { useMemo } from 'react';
import { useParams } from 'react-router';

import { MappingRulesTable } from '../../integration/components/MappingRulesTable';
import { ProductPage } from '../components/ProductPage';

/** Products › a product › Integration › Mapping Rules. */
export function ProductMappingRulesView() {
  const { productId = '' } = useParams();
  const owner = useMemo(() => ({ productID: productId }), [productId]);
  return (
    <ProductPage
      productId={productId}
      title="Mapping Rules"
      description="Rules that match request paths of the product and count them against a method or metric."
    >
      <MappingRulesTable owner={owner} />
    </ProductPage>
  );
}
