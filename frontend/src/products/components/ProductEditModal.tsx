import { useState } from 'react';
import { useMutation } from 'urql';

import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { problems, requiredProblem } from '../../components/validation';
import type { ProductAuthentication, ProductPlanChangePermission, ProductState } from '../../gql/graphql';
import { updateProductMutation } from '../queries';
import { authenticationOptions, planChangeHelp, planChangeOptions, productStateOptions } from './authentication';

export interface EditableProduct {
  id: string;
  name: string;
  description: string | null;
  state: ProductState;
  authentication: ProductAuthentication;
  referrerFiltersRequired: boolean;
  rateLimitHeaders: boolean;
  planChangePermission: ProductPlanChangePermission;
}

const fields = ['name', 'description', 'state', 'authentication', 'referrerFiltersRequired', 'rateLimitHeaders', 'planChangePermission'];

/** Edits a product's name, description, state and integration settings. */
export function ProductEditModal({ product, onClose }: { product: EditableProduct; onClose: () => void }) {
  const [name, setName] = useState(product.name);
  const [description, setDescription] = useState(product.description ?? '');
  const [state, setState] = useState(product.state);
  const [authentication, setAuthentication] = useState(product.authentication);
  const [referrers, setReferrers] = useState(product.referrerFiltersRequired);
  const [rateLimit, setRateLimit] = useState(product.rateLimitHeaders);
  const [planChange, setPlanChange] = useState(product.planChangePermission);
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, updateProduct] = useMutation(updateProductMutation);
  const notify = useNotify();

  async function submit() {
    const found = problems({ name: requiredProblem(name, 'a name') });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const text = description.trim();
    const result = await updateProduct({
      id: product.id,
      input: {
        name: name.trim(),
        ...(text ? { description: text } : { clearDescription: true }),
        state,
        authentication,
        referrerFiltersRequired: referrers,
        rateLimitHeaders: rateLimit,
        planChangePermission: planChange,
      },
    });
    if (result.error) {
      report(result.error, 'Could not save the product');
      return;
    }
    notify({ variant: 'success', title: `Saved product “${name.trim()}”` });
    onClose();
  }

  return (
    <FormModal isOpen title="Edit product" submitLabel="Save" onSubmit={submit} onClose={onClose} variant="medium">
      <TextField id="edit-product-name" label="Name" isRequired value={name} onChange={setName} error={errors.name} />
      <TextAreaField
        id="edit-product-description"
        label="Description"
        value={description}
        onChange={setDescription}
        error={errors.description}
      />
      <SelectField
        id="edit-product-state"
        label="State"
        value={state}
        onChange={(value) => setState(value as ProductState)}
        options={productStateOptions}
        error={errors.state}
      />
      <SelectField
        id="edit-product-authentication"
        label="Authentication"
        value={authentication}
        onChange={(value) => setAuthentication(value as ProductAuthentication)}
        options={authenticationOptions}
        error={errors.authentication}
        helper="Existing applications keep the credentials they have."
      />
      <SelectField
        id="edit-product-plan-change"
        label="Application plan changes"
        value={planChange}
        onChange={(value) => setPlanChange(value as ProductPlanChangePermission)}
        options={planChangeOptions}
        error={errors.planChangePermission}
        helper={planChangeHelp}
      />
      <CheckboxField
        id="edit-product-referrers"
        label="Require referrer filtering"
        description="Applications may only be used from the hosts listed in their referrer filters."
        isChecked={referrers}
        onChange={setReferrers}
        error={errors.referrerFiltersRequired}
      />
      <CheckboxField
        id="edit-product-rate-limit"
        label="Send RateLimit headers"
        description="Gateways get the IETF RateLimit and RateLimit-Policy fields of the most constrained limit with every answer (and Retry-After when limits are exceeded), to pass on to API consumers."
        isChecked={rateLimit}
        onChange={setRateLimit}
        error={errors.rateLimitHeaders}
      />
    </FormModal>
  );
}
