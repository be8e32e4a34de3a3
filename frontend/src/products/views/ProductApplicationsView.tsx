import { Button, ToolbarItem } from '@patternfly/react-core';
import { useNavigate, useParams } from 'react-router';

import { ApplicationTable } from '../../applications/components/ApplicationTable';
import { newApplicationUrl } from '../../applications/urls';
import { ProductPage } from '../components/ProductPage';

/** Products › a product › Applications › Listing. */
export function ProductApplicationsView() {
  const { productId = '' } = useParams();
  const navigate = useNavigate();
  return (
    <ProductPage productId={productId} title="Applications">
      <ApplicationTable
        productId={productId}
        toolbarActions={
          <ToolbarItem>
            <Button variant="primary" onClick={() => navigate(newApplicationUrl({ productId }))}>
              Create application
            </Button>
          </ToolbarItem>
        }
      />
    </ProductPage>
  );
}
