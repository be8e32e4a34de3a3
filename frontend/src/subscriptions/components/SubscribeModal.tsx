import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { contractPlanChoicesQuery, productChoicesQuery } from '../../applications/queries';
import { SelectField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { problems } from '../../components/validation';
import { nodes } from '../../graphql/connection';
import { createServiceSubscriptionMutation, subscribedProductsQuery } from '../queries';

const planContext = { additionalTypenames: ['Plan'] };

/** Subscribes an account to a product it is not subscribed to yet, on one of the product's published service plans. */
export function SubscribeModal({ account, onClose }: { account: { id: string; orgName: string }; onClose: () => void }) {
  const [{ data: productData }] = useQuery({ query: productChoicesQuery });
  const [{ data: subscribedData }] = useQuery({
    query: subscribedProductsQuery,
    variables: { accountId: account.id },
    context: useMemo(() => ({ additionalTypenames: ['ServiceSubscription'] }), []),
  });
  const subscribed = new Set(nodes(subscribedData?.serviceSubscriptions).map((subscription) => subscription.product.id));
  const products = nodes(productData?.products).filter((product) => !subscribed.has(product.id));
  const [productId, setProductId] = useState('');
  const [planId, setPlanId] = useState('');
  const [{ data: planData }] = useQuery({
    query: contractPlanChoicesQuery,
    variables: { productId, kind: 'SERVICE' },
    pause: !productId,
    context: useMemo(() => planContext, []),
  });
  const plans = productId ? nodes(planData?.plans) : [];
  const defaultPlan = plans.find((plan) => plan.isDefault) ?? plans[0];
  const chosenPlan = plans.some((plan) => plan.id === planId) ? planId : (defaultPlan?.id ?? '');
  const { errors, setErrors, report } = useFormErrors(['productID', 'planID']);
  const [, subscribe] = useMutation(createServiceSubscriptionMutation);
  const notify = useNotify();
  const loaded = !!productData && !!subscribedData;

  async function submit() {
    const found = problems({
      productID: productId ? undefined : 'Choose a product.',
      planID: chosenPlan || !productId ? undefined : 'The product has no published service plan; publish one first.',
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = await subscribe(
      { input: { accountID: account.id, productID: productId, planID: chosenPlan } },
      { additionalTypenames: ['ServiceSubscription', 'Account'] },
    );
    if (result.error || !result.data) {
      if (result.error) report(result.error, 'Could not subscribe the account');
      return;
    }
    const subscription = result.data.createServiceSubscription;
    notify({
      variant: 'success',
      title: `Subscribed ${account.orgName} to ${subscription.product.name}`,
      description: subscription.state === 'PENDING' ? `The plan “${subscription.plan.name}” requires approval: accept the subscription to make it live.` : undefined,
    });
    onClose();
  }

  let productPlaceholder = 'Choose a product';
  if (!loaded) productPlaceholder = 'Loading products…';
  else if (products.length === 0) productPlaceholder = 'Subscribed to every product already';
  return (
    <FormModal isOpen title="Subscribe to a product" description={`A service subscription of ${account.orgName}.`} submitLabel="Subscribe" onSubmit={submit} onClose={onClose}>
      <SelectField
        id="subscribe-product"
        label="Product"
        isRequired
        isDisabled={loaded && products.length === 0}
        value={productId}
        onChange={(value) => {
          setProductId(value);
          setPlanId('');
        }}
        placeholder={productPlaceholder}
        options={products.map((product) => ({ value: product.id, label: product.name }))}
        error={errors.productID}
      />
      <SelectField
        id="subscribe-plan"
        label="Service plan"
        isRequired
        isDisabled={!productId || plans.length === 0}
        value={chosenPlan}
        onChange={setPlanId}
        placeholder={productId ? (plans.length === 0 ? 'The product has no published service plan' : undefined) : 'Choose a product first'}
        options={plans.map((plan) => ({
          value: plan.id,
          label: `${plan.name}${plan.isDefault ? ' (default)' : ''}${plan.state === 'HIDDEN' ? ' (hidden)' : ''}${plan.approvalRequired ? ' · requires approval' : ''}`,
        }))}
        error={errors.planID}
      />
    </FormModal>
  );
}
