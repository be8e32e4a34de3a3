import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { accountChoicesQuery, accountDetailQuery } from '../../accounts/queries';
import { FormPage } from '../../components/FormPage';
import { RecordFieldInputs } from '../../accounts/components/RecordFields';
import { fieldProblems, filledValues } from '../../accounts/components/fieldRules';
import { SelectField } from '../../components/FormFields';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { SearchSelectField, type SearchOption } from '../../components/SearchSelectField';
import { useFormErrors } from '../../components/useFormErrors';
import { problems } from '../../components/validation';
import { nodes } from '../../graphql/connection';
import { planChoicesQuery } from '../../products/queries';
import { createApplicationMutation, newApplicationFieldsQuery, productChoicesQuery } from '../queries';
import { applicationsPath, applicationUrl } from '../urls';

/** The fields of the input an application's own fields go to; the defined ones go to extraFields. */
const ownFields = ['name', 'description'];
const fieldKey = (name: string) => (ownFields.includes(name) ? name : `extraFields.${name}`);

/**
 * Audience › Applications › Create: an application of an account, on a product's application plan,
 * with its name, description and defined fields, as 3scale's form.
 */
export function ApplicationNewView() {
  const navigate = useNavigate();
  const notify = useNotify();
  const [params] = useSearchParams();
  const presetAccount = params.get('account') ?? '';
  const [accountSearch, setAccountSearch] = useState('');
  const [account, setAccount] = useState<SearchOption | null>(null);
  const [productId, setProductId] = useState(params.get('product') ?? '');
  const [planId, setPlanId] = useState('');
  const [{ data: fieldData }] = useQuery({ query: newApplicationFieldsQuery });
  const offered = (fieldData?.newRecordFields ?? []).filter((field) => field.kind === 'CORE' || field.defined);
  const [values, setValues] = useState<Record<string, string>>({});
  const { errors, setErrors, report } = useFormErrors(['accountID', 'productID', 'planID', ...offered.map((field) => fieldKey(field.name))]);
  const [, createApplication] = useMutation(createApplicationMutation);

  // An account given in the address (from the account page) is chosen from the start.
  const [{ data: presetData }] = useQuery({ query: accountDetailQuery, variables: { id: presetAccount }, pause: !presetAccount });
  const preset = presetData?.node?.__typename === 'Account' ? { value: presetData.node.id, label: presetData.node.orgName } : null;
  const [accountTouched, setAccountTouched] = useState(false);
  const chosenAccount = accountTouched ? account : (account ?? preset);

  const [{ data: accountData, fetching: searching }] = useQuery({
    query: accountChoicesQuery,
    variables: { search: accountSearch || undefined },
  });
  const accountOptions = nodes(accountData?.accounts).map((choice) => ({
    value: choice.id,
    label: choice.orgName,
    description: choice.state === 'APPROVED' ? undefined : `State: ${choice.state.toLowerCase().replaceAll('_', ' ')}`,
  }));

  const [{ data: productData }] = useQuery({ query: productChoicesQuery });
  const products = nodes(productData?.products);
  const [{ data: planData }] = useQuery({
    query: planChoicesQuery,
    variables: { productId },
    pause: !productId,
    context: useMemo(() => ({ additionalTypenames: ['Plan'] }), []),
  });
  const plans = productId ? nodes(planData?.plans) : [];
  const defaultPlan = plans.find((plan) => plan.isDefault) ?? plans[0];
  const chosenPlan = plans.some((plan) => plan.id === planId) ? planId : (defaultPlan?.id ?? '');

  async function submit() {
    const found = problems({
      accountID: chosenAccount ? undefined : 'Choose the account the application belongs to.',
      productID: productId ? undefined : 'Choose a product.',
      planID: chosenPlan ? undefined : productId ? 'The product has no application plan yet; create one first.' : undefined,
      ...fieldProblems(offered, values, fieldKey),
    });
    setErrors(found);
    if (Object.keys(found).length > 0 || !chosenAccount) return;
    const { name = '', description, ...extraFields } = filledValues(values);
    const result = await createApplication(
      {
        input: {
          accountID: chosenAccount.value,
          productID: productId,
          planID: chosenPlan,
          name,
          description,
          ...(Object.keys(extraFields).length > 0 ? { extraFields } : {}),
        },
      },
      { additionalTypenames: ['Application'] },
    );
    if (result.error || !result.data) {
      if (result.error) report(result.error, 'Could not create the application');
      return;
    }
    notify({ variant: 'success', title: `Created application “${result.data.createApplication.name}”` });
    navigate(applicationUrl(result.data.createApplication.id));
  }

  return (
    <>
      <PageHeader
        title="Create Application"
        description="Credentials are generated for the product's authentication mode once the application exists."
        breadcrumbs={[{ label: 'Applications', to: applicationsPath }, { label: 'Create Application' }]}
      />
      <FormPage label="New application" submitLabel="Create application" onSubmit={submit} onCancel={() => navigate(-1)}>
        <SearchSelectField
          key={preset?.value ?? 'none'}
          id="application-account"
          label="Account"
          isRequired
          value={chosenAccount}
          onChange={(option) => {
            setAccount(option);
            setAccountTouched(true);
          }}
          onSearch={(text) => setAccountSearch(text.trim())}
          options={accountOptions}
          isLoading={searching}
          placeholder="Search accounts by organization name"
          error={errors.accountID}
        />
        <SelectField
          id="application-product"
          label="Product"
          isRequired
          value={productId}
          onChange={(value) => {
            setProductId(value);
            setPlanId('');
          }}
          placeholder="Choose a product"
          options={products.map((product) => ({ value: product.id, label: product.name }))}
          error={errors.productID}
        />
        <SelectField
          id="application-plan"
          label="Application plan"
          isRequired
          isDisabled={!productId || plans.length === 0}
          value={chosenPlan}
          onChange={setPlanId}
          placeholder={productId ? (plans.length === 0 ? 'The product has no application plans' : undefined) : 'Choose a product first'}
          options={plans.map((plan) => ({
            value: plan.id,
            label: `${plan.name}${plan.isDefault ? ' (default)' : ''}${plan.state === 'HIDDEN' ? ' (hidden)' : ''}${plan.approvalRequired ? ' · requires approval' : ''}`,
          }))}
          error={errors.planID}
        />
        <RecordFieldInputs fields={offered} idPrefix="application" values={values} onChange={setValues} errors={errors} errorKey={fieldKey} />
      </FormPage>
    </>
  );
}
