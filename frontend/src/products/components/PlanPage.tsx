import type { ReactNode } from 'react';

import { accountsPath } from '../../accounts/urls';
import { PageHeader } from '../../components/PageHeader';
import { planKindText, plansUrl, type PlanScope } from './planKinds';
import { ProductPage } from './ProductPage';

export interface PlanPageProps {
  scope: PlanScope;
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** True on one plan's screen: the breadcrumbs then pass through the plan list. */
  inPlan?: boolean;
  children: ReactNode;
}

/**
 * A screen about plans: inside the product for application and service plans, under
 * Audience › Accounts for account plans.
 */
export function PlanPage({ scope, title, description, actions, inPlan, children }: PlanPageProps) {
  const list = { label: planKindText[scope.kind].title, to: plansUrl(scope) };
  if (scope.kind === 'ACCOUNT') {
    return (
      <>
        <PageHeader
          title={title}
          description={description}
          actions={actions}
          breadcrumbs={[{ label: 'Accounts', to: accountsPath }, ...(inPlan ? [list] : []), { label: title }]}
        />
        {children}
      </>
    );
  }
  return (
    <ProductPage
      productId={scope.productId ?? ''}
      title={title}
      description={description}
      actions={actions}
      parent={inPlan ? list : undefined}
    >
      {children}
    </ProductPage>
  );
}
