import { FormGroup, Radio } from '@patternfly/react-core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';

import { FormPage } from '../../components/FormPage';
import { TextAreaField, TextField } from '../../components/FormFields';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { useSystemName } from '../../components/useSystemName';
import { problems, requiredProblem, systemNameProblem } from '../../components/validation';
import type { ProductAuthentication } from '../../gql/graphql';
import { authenticationOptions } from '../components/authentication';
import { createProductMutation } from '../queries';
import { productsPath, productUrl } from '../urls';

const fields = ['name', 'systemName', 'description', 'authentication'] as const;

/** Products › Create Product. */
export function ProductNewView() {
  const navigate = useNavigate();
  const notify = useNotify();
  const { name, setName, systemName, setSystemName } = useSystemName();
  const [description, setDescription] = useState('');
  const [authentication, setAuthentication] = useState<ProductAuthentication>('USER_KEY');
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, createProduct] = useMutation(createProductMutation);

  async function submit() {
    const found = problems({ name: requiredProblem(name, 'a name'), systemName: systemNameProblem(systemName) });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = await createProduct(
      { input: { name: name.trim(), systemName, description: description.trim() || undefined, authentication } },
      { additionalTypenames: ['Product'] },
    );
    if (result.error || !result.data) {
      if (result.error) report(result.error, 'Could not create the product');
      return;
    }
    notify({ variant: 'success', title: `Created product “${result.data.createProduct.name}”` });
    navigate(productUrl(result.data.createProduct.id));
  }

  return (
    <>
      <PageHeader
        title="Create Product"
        description="A product is the API developers subscribe to. Its backends, methods, metrics and plans are set up next."
        breadcrumbs={[{ label: 'Products', to: productsPath }, { label: 'Create Product' }]}
      />
      <FormPage label="New product" submitLabel="Create product" onSubmit={submit} onCancel={() => navigate(productsPath)}>
        <TextField id="product-name" label="Name" isRequired value={name} onChange={setName} error={errors.name} />
        <TextField
          id="product-system-name"
          label="System name"
          isRequired
          isCode
          value={systemName}
          onChange={setSystemName}
          error={errors.systemName}
          helper="Identifies the product in the APIs and in configuration. Letters, digits, '_', '/' and '-'; it cannot be changed later."
        />
        <TextAreaField
          id="product-description"
          label="Description"
          value={description}
          onChange={setDescription}
          error={errors.description}
        />
        <FormGroup role="radiogroup" isInline={false} fieldId="product-authentication" label="Authentication" isStack>
          {authenticationOptions.map((option) => (
            <Radio
              key={option.value}
              id={`product-authentication-${option.value}`}
              name="product-authentication"
              label={option.label}
              description={option.description}
              isChecked={authentication === option.value}
              onChange={() => setAuthentication(option.value)}
            />
          ))}
        </FormGroup>
      </FormPage>
    </>
  );
}
