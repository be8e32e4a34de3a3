import type { ReactNode } from 'react';

import { PageHeader } from '../../components/PageHeader';
import { useNodeName } from '../../graphql/nodeName';
import { productsPath, productUrl } from '../urls';

export interface ProductPageProps {
  productId: string;
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** A screen between the product and this one in the breadcrumbs, e.g. Application Plans. */
  parent?: { label: string; to: string };
  children: ReactNode;
}

/** A screen inside one product: breadcrumbs Products › product › screen. */
export function ProductPage({ productId, title, description, actions, parent, children }: ProductPageProps) {
  const name = useNodeName(productId) ?? 'Product';
  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={actions}
        breadcrumbs={[
          { label: 'Products', to: productsPath },
          { label: name, to: productUrl(productId) },
          ...(parent ? [parent] : []),
          { label: title },
        ]}
      />
      {children}
    </>
  );
}
