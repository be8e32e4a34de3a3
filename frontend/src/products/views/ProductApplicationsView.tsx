import { useParams } from 'react-router';

import { ApplicationTable } from '../../applications/components/ApplicationTable';
import { ProductPage } from '../components/ProductPage';

/** Products › a product › Applications › Listing. */
export function ProductApplicationsView() {
  const { productId = '' } = useParams();
  return (
    <ProductPage productId={productId} title="Applications">
      <ApplicationTable productId={productId} />
    </ProductPage>
  );
}
