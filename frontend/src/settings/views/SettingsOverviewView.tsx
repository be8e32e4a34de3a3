import { ActionGroup, Button, Card, CardBody, CardTitle, Form, Grid, GridItem, PageSection } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { DetailsPage } from '../../components/DetailsPage';
import { SelectField, TextField } from '../../components/FormFields';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { emailProblem, problems } from '../../components/validation';
import type { SettingsOverviewQuery, UpdateTenantInput } from '../../gql/graphql';
import { ErrorState } from '../../components/ErrorState';
import { ProviderKeyCard } from '../components/ProviderKeyCard';
import { settingsOverviewQuery, updateTenantMutation } from '../queries';

type Tenant = SettingsOverviewQuery['viewer']['tenant'];

const companyFields = [
  ['companyAddress1', 'Address line 1', 'address-line1'],
  ['companyAddress2', 'Address line 2', 'address-line2'],
  ['companyCity', 'City', 'address-level2'],
  ['companyRegion', 'State or region', 'address-level1'],
  ['companyZip', 'Postal code', 'postal-code'],
  ['companyCountry', 'Country', 'country-name'],
  ['companyPhone', 'Phone', 'tel'],
  ['vatCode', 'VAT or tax ID', 'off'],
] as const;

type FieldName = (typeof companyFields)[number][0] | 'fromEmail' | 'supportEmail' | 'timeZone';
const fieldNames: FieldName[] = [...companyFields.map(([name]) => name), 'fromEmail', 'supportEmail', 'timeZone'];

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const all = new Set(['UTC', ...zones, current]);
  return [...all].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
}

/** Account Settings › Overview: the company details and the time zone of this Portico account. */
export function SettingsOverviewView() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: settingsOverviewQuery });
  const tenant = data?.viewer.tenant;
  const isAdmin = data?.viewer.user.role === 'ADMIN';

  if (error) {
    return (
      <>
        <PageHeader title="Account Settings" />
        <PageSection isFilled>
          <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
        </PageSection>
      </>
    );
  }
  if (!tenant) {
    return fetching ? (
      <PageSection isFilled>
        <LoadingState />
      </PageSection>
    ) : null;
  }
  if (!isAdmin) {
    const address = [tenant.companyAddress1, tenant.companyAddress2, tenant.companyCity, tenant.companyRegion, tenant.companyZip, tenant.companyCountry]
      .filter(Boolean)
      .join(', ');
    return (
      <DetailsPage
        title="Account Settings"
        breadcrumbs={[]}
        fetching={fetching}
        found
        actions={<small>Only admins can change these settings.</small>}
        details={[
          { term: 'Organization', description: tenant.orgName },
          { term: 'Admin Portal domain', description: <code>{tenant.adminDomain}</code> },
          { term: 'Address', description: address || '—' },
          { term: 'Time zone', description: tenant.timeZone },
        ]}
      />
    );
  }
  return <TenantSettingsForm key={tenant.id} tenant={tenant} />;
}

function TenantSettingsForm({ tenant }: { tenant: Tenant }) {
  const [values, setValues] = useState<Record<FieldName, string>>(() => {
    const initial = {} as Record<FieldName, string>;
    for (const name of fieldNames) initial[name] = tenant[name] ?? '';
    return initial;
  });
  const zones = useMemo(() => timeZones(tenant.timeZone), [tenant.timeZone]);
  const { errors, setErrors, report } = useFormErrors(fieldNames);
  const [{ fetching }, update] = useMutation(updateTenantMutation);
  const notify = useNotify();
  const set = (name: FieldName) => (value: string) => setValues((old) => ({ ...old, [name]: value }));

  async function save() {
    const found = problems({
      fromEmail: values.fromEmail.trim() ? emailProblem(values.fromEmail) : undefined,
      supportEmail: values.supportEmail.trim() ? emailProblem(values.supportEmail) : undefined,
    });
    setErrors(found);
    if (Object.keys(found).length) return;
    const input: UpdateTenantInput = { timeZone: values.timeZone };
    const writable = input as Record<string, string | boolean>;
    for (const name of fieldNames) {
      if (name === 'timeZone') continue;
      const value = values[name].trim();
      const clear = `clear${name.charAt(0).toUpperCase()}${name.slice(1)}`;
      if (value) writable[name] = value;
      else if (tenant[name]) writable[clear] = true;
    }
    const result = await update({ input });
    if (result.error) report(result.error, 'Could not save the account settings');
    else notify({ variant: 'success', title: 'Saved the account settings' });
  }

  return (
    <>
      <PageHeader
        title="Account Settings"
        description={
          <>
            {tenant.orgName} · Admin Portal at <code>{tenant.adminDomain}</code>
          </>
        }
      />
      <PageSection isFilled>
        <Form
          aria-label="Account settings"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <div className="portico-settings-stack">
            <Card>
              <CardTitle component="h2">Company information</CardTitle>
              <CardBody>
                <Grid hasGutter md={6}>
                  {companyFields.map(([name, label, autoComplete]) => (
                    <GridItem key={name}>
                      <TextField id={name} label={label} value={values[name]} onChange={set(name)} error={errors[name]} autoComplete={autoComplete} />
                    </GridItem>
                  ))}
                  <GridItem>
                    <TextField
                      id="fromEmail"
                      label="Sender email"
                      type="email"
                      value={values.fromEmail}
                      onChange={set('fromEmail')}
                      error={errors.fromEmail}
                      helper="The address Portico's emails come from."
                    />
                  </GridItem>
                  <GridItem>
                    <TextField
                      id="supportEmail"
                      label="Support email"
                      type="email"
                      value={values.supportEmail}
                      onChange={set('supportEmail')}
                      error={errors.supportEmail}
                      helper="Your support address, as the provider API reports it (support_email)."
                    />
                  </GridItem>
                </Grid>
              </CardBody>
            </Card>
            <Card>
              <CardTitle component="h2">Time zone</CardTitle>
              <CardBody>
                <SelectField
                  id="timeZone"
                  label="Time zone"
                  value={values.timeZone}
                  onChange={set('timeZone')}
                  error={errors.timeZone}
                  options={zones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }))}
                  helper="Analytics and billing use this time zone: billing months begin at midnight in it, and the daily billing run starts at 08:00 in it."
                />
              </CardBody>
            </Card>
            <ActionGroup>
              <Button type="submit" variant="primary" isLoading={fetching} isDisabled={fetching}>
                Save settings
              </Button>
            </ActionGroup>
          </div>
        </Form>
        <ProviderKeyCard />
      </PageSection>
    </>
  );
}
