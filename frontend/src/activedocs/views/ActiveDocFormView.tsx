import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/FormFields';
import { FormPage } from '../../components/FormPage';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { useSystemName } from '../../components/useSystemName';
import { problems, requiredProblem, systemNameProblem } from '../../components/validation';
import { nodes } from '../../graphql/connection';
import { productsPath } from '../../products/urls';
import { SpecField } from '../components/SpecField';
import {
  activeDocProductsQuery,
  activeDocQuery,
  createActiveDocMutation,
  updateActiveDocMutation,
} from '../queries';
import { activeDocsPath, activeDocUrl } from '../urls';

const fields = ['name', 'systemName', 'description', 'body', 'productID', 'published', 'skipSwaggerValidations'] as const;
const context = { additionalTypenames: ['ActiveDoc'] };

interface Initial {
  id: string;
  name: string;
  systemName: string;
  description?: string | null;
  body: string;
  published: boolean;
  skipSwaggerValidations: boolean;
  product?: { id: string } | null;
}

/** Products › ActiveDocs › Create or Edit: a document's name, product, visibility and specification. */
export function ActiveDocFormView() {
  const { docId } = useParams();
  const [{ data, fetching }] = useQuery({
    query: activeDocQuery,
    variables: { id: docId ?? '' },
    pause: !docId,
    context: useMemo(() => context, []),
  });
  if (!docId) return <ActiveDocForm initial={null} />;
  const doc = data?.node?.__typename === 'ActiveDoc' ? data.node : null;
  if (doc) return <ActiveDocForm key={doc.id} initial={doc} />;
  return (
    <>
      <PageHeader
        title="Edit ActiveDoc"
        breadcrumbs={[
          { label: 'Products', to: productsPath },
          { label: 'ActiveDocs', to: activeDocsPath },
          { label: 'Edit' },
        ]}
      />
      {fetching ? <LoadingState /> : <p className="pf-v6-u-p-lg">This ActiveDoc does not exist, or it was deleted.</p>}
    </>
  );
}

function ActiveDocForm({ initial }: { initial: Initial | null }) {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const notify = useNotify();
  const editing = initial !== null;
  const docId = initial?.id;
  const [{ data: productData }] = useQuery({ query: activeDocProductsQuery });
  const { name, setName, systemName, setSystemName } = useSystemName(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const [productID, setProductID] = useState(initial ? (initial.product?.id ?? '') : (search.get('product') ?? ''));
  const [published, setPublished] = useState(initial?.published ?? false);
  const [skip, setSkip] = useState(initial?.skipSwaggerValidations ?? false);
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, create] = useMutation(createActiveDocMutation);
  const [, update] = useMutation(updateActiveDocMutation);
  async function submit() {
    const found = problems({
      name: requiredProblem(name, 'a name'),
      systemName: editing ? undefined : systemNameProblem(systemName),
      body: requiredProblem(body, 'an OpenAPI document'),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (editing && docId) {
      const result = await update(
        {
          id: docId,
          input: {
            name: name.trim(),
            description: description.trim() || undefined,
            clearDescription: !description.trim(),
            body,
            productID: productID || undefined,
            clearProduct: !productID,
            published,
            skipSwaggerValidations: skip,
          },
        },
        context,
      );
      if (result.error || !result.data) {
        if (result.error) report(result.error, 'Could not save the ActiveDoc');
        return;
      }
      notify({ variant: 'success', title: `Saved “${result.data.updateActiveDoc.name}”` });
      navigate(activeDocUrl(docId));
      return;
    }
    const result = await create(
      {
        input: {
          name: name.trim(),
          systemName,
          description: description.trim() || undefined,
          body,
          productID: productID || undefined,
          published,
          skipSwaggerValidations: skip,
        },
      },
      context,
    );
    if (result.error || !result.data) {
      if (result.error) report(result.error, 'Could not create the ActiveDoc');
      return;
    }
    notify({ variant: 'success', title: `Created “${result.data.createActiveDoc.name}”` });
    navigate(activeDocUrl(result.data.createActiveDoc.id));
  }

  const title = editing ? `Edit ${initial.name}` : 'Create ActiveDoc';
  const products = productData ? nodes(productData.products) : [];
  return (
    <>
      <PageHeader
        title={title}
        description="An OpenAPI document developers read and try out as interactive documentation."
        breadcrumbs={[
          { label: 'Products', to: productsPath },
          { label: 'ActiveDocs', to: activeDocsPath },
          { label: title },
        ]}
      />
      <FormPage
        label={editing ? 'Edit ActiveDoc' : 'New ActiveDoc'}
        submitLabel={editing ? 'Save' : 'Create ActiveDoc'}
        onSubmit={submit}
        onCancel={() => navigate(editing && docId ? activeDocUrl(docId) : activeDocsPath)}
      >
        <TextField id="activedoc-name" label="Name" isRequired value={name} onChange={setName} error={errors.name} />
        <TextField
          id="activedoc-system-name"
          label="System name"
          isRequired={!editing}
          isCode
          isDisabled={editing}
          value={editing ? initial.systemName : systemName}
          onChange={setSystemName}
          error={errors.systemName}
          helper="Identifies the document in the APIs. Letters, digits, '_', '/' and '-'; it cannot be changed later."
        />
        <TextAreaField
          id="activedoc-description"
          label="Description"
          value={description}
          onChange={setDescription}
          error={errors.description}
        />
        <SelectField
          id="activedoc-product"
          label="Product"
          value={productID}
          onChange={setProductID}
          placeholder="No product"
          options={products.map((product) => ({ value: product.id, label: product.name }))}
          error={errors.productID}
        />
        <CheckboxField
          id="activedoc-published"
          label="Published"
          description="Developers see published documents."
          isChecked={published}
          onChange={setPublished}
        />
        <CheckboxField
          id="activedoc-skip-validations"
          label="Skip OpenAPI validation"
          description="Store the document even if it is not a valid OpenAPI 2.0, 3.0 or 3.1 description."
          isChecked={skip}
          onChange={setSkip}
        />
        <SpecField id="activedoc-body" isRequired value={body} onChange={setBody} error={errors.body} />
      </FormPage>
    </>
  );
}
