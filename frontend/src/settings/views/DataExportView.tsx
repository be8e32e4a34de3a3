import { ActionGroup, Button, Card, CardBody, Content, Form, PageSection } from '@patternfly/react-core';
import { useState } from 'react';
import { useClient } from 'urql';

import { useHasSection } from '../../app/useHasSection';
import { SelectField } from '../../components/FormFields';
import { LoadingState } from '../../components/LoadingState';
import { NotPermittedState } from '../../components/NotPermittedState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { countOf } from '../../components/plural';
import { saveFile } from '../../components/saveFile';
import type { AdminSection, DataExportKind, DataExportPeriod } from '../../gql/graphql';
import { errorMessage } from '../../graphql/errors';
import { dataExportQuery } from '../queries';
import { settingsPath } from '../urls';

interface ExportKind {
  kind: DataExportKind;
  label: string;
  /** The area a member needs to export it (admins export everything). */
  section: AdminSection;
  /** What the file holds, for the error toast: "Could not export the accounts". */
  what: string;
  /** A row of the file, for the success toast: "Exported 1 account", "Exported 5 invoice rows". */
  row: [one: string, many: string];
  /** What one row of the file is. */
  holds: string;
}

const exportKinds: readonly ExportKind[] = [
  { kind: 'ACCOUNTS', label: 'Accounts', section: 'PARTNERS', what: 'accounts', row: ['account', 'accounts'], holds: 'one row per developer account' },
  {
    kind: 'APPLICATIONS',
    label: 'Applications',
    section: 'PARTNERS',
    what: 'applications',
    row: ['application', 'applications'],
    holds: 'one row per application',
  },
  {
    kind: 'INVOICES',
    label: 'Invoices',
    section: 'FINANCE',
    what: 'invoices',
    row: ['invoice row', 'invoice rows'],
    holds: 'one row per invoice line item (an invoice without line items gets one row)',
  },
  {
    kind: 'MESSAGES',
    label: 'Messages from developers',
    section: 'PARTNERS',
    what: 'messages',
    row: ['message', 'messages'],
    holds: 'one row per message developers sent to your team',
  },
];

const periods: { value: DataExportPeriod; label: string }[] = [
  { value: 'ALL', label: 'All time' },
  { value: 'TODAY', label: 'Today' },
  { value: 'THIS_WEEK', label: 'This week' },
  { value: 'THIS_MONTH', label: 'This month' },
  { value: 'THIS_YEAR', label: 'This year' },
  { value: 'LAST_YEAR', label: 'Last year' },
];

const title = 'Export';
const breadcrumbs = [{ label: 'Account Settings', to: settingsPath }, { label: title }];
const description = 'Download your developer accounts, applications, invoices or messages from developers as a CSV file.';

/**
 * Account Settings › Export: the tenant's accounts, applications, invoices or developers' messages
 * of a period, saved as one CSV file. Members export only what their areas cover: developer accounts
 * for accounts, applications and messages, billing for invoices.
 */
export function DataExportView() {
  const partners = useHasSection('PARTNERS');
  const finance = useHasSection('FINANCE');

  if (partners === undefined || finance === undefined || (!partners && !finance)) {
    return (
      <>
        <PageHeader title={title} breadcrumbs={breadcrumbs} />
        <PageSection isFilled>{partners === undefined || finance === undefined ? <LoadingState /> : <NotPermittedState />}</PageSection>
      </>
    );
  }

  const allowed: Partial<Record<AdminSection, boolean>> = { PARTNERS: partners, FINANCE: finance };
  return <DataExportForm kinds={exportKinds.filter((kind) => allowed[kind.section])} />;
}

function DataExportForm({ kinds }: { kinds: readonly ExportKind[] }) {
  const client = useClient();
  const notify = useNotify();
  const [kindValue, setKind] = useState<DataExportKind>(kinds[0].kind);
  const [period, setPeriod] = useState<DataExportPeriod>('ALL');
  const [exporting, setExporting] = useState(false);
  const chosen = kinds.find((kind) => kind.kind === kindValue) ?? kinds[0];

  async function runExport() {
    if (exporting) return;
    setExporting(true);
    const result = await client.query(dataExportQuery, { kind: chosen.kind, period }, { requestPolicy: 'network-only' }).toPromise();
    setExporting(false);
    if (result.error || !result.data) {
      notify({ variant: 'danger', title: `Could not export the ${chosen.what}`, description: errorMessage(result.error) });
      return;
    }
    const { filename, csv, rows } = result.data.dataExport;
    saveFile(csv, filename);
    notify(
      rows === 0
        ? { variant: 'info', title: `No ${chosen.row[1]} to export`, description: `Saved ${filename} with its header row only.` }
        : { variant: 'success', title: `Exported ${countOf(rows, ...chosen.row)}`, description: `Saved as ${filename}.` },
    );
  }

  return (
    <>
      <PageHeader title={title} description={description} breadcrumbs={breadcrumbs} />
      <PageSection isFilled>
        <Card className="portico-form-card">
          <CardBody>
            <Form
              aria-label="Export data"
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                void runExport();
              }}
            >
              <SelectField
                id="export-kind"
                label="Data"
                value={chosen.kind}
                onChange={(value) => setKind(value as DataExportKind)}
                options={kinds.map((kind) => ({ value: kind.kind, label: kind.label }))}
                isDisabled={exporting}
              />
              <SelectField
                id="export-period"
                label="Period"
                value={period}
                onChange={(value) => setPeriod(value as DataExportPeriod)}
                options={periods}
                isDisabled={exporting}
              />
              <ActionGroup>
                <Button type="submit" variant="primary" isLoading={exporting} isDisabled={exporting}>
                  Export
                </Button>
              </ActionGroup>
            </Form>
            <Content className="pf-v6-u-mt-xl">
              <p>Each file is CSV with a header row:</p>
              <ul aria-label="What the files hold">
                {kinds.map((kind) => (
                  <li key={kind.kind}>
                    <strong>{kind.label}</strong>: {kind.holds}.
                  </li>
                ))}
              </ul>
              <p>
                The period goes by when each record was created, and invoices by the month they bill, in the time zone of this
                Portico account (Account Settings › Overview).
              </p>
            </Content>
          </CardBody>
        </Card>
      </PageSection>
    </>
  );
}
