import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { apiError, fakeGraphQL, renderScreen, type Answer } from '../../test/graphql';
import { DataExportView } from './DataExportView';

const sections = (role: 'ADMIN' | 'MEMBER', list: string[] = []): Answer => ({
  data: { viewer: { __typename: 'Viewer', user: { __typename: 'User', id: 'u1', role, sections: list } } },
});

const exported = (rows: number, filename = 'portico-accounts-all-2026-12-05.csv', csv = 'id,org_name,state\n1,Acme,approved\n'): Answer => ({
  data: { dataExport: { __typename: 'DataExport', filename, csv, rows } },
});

const render = (api: ReturnType<typeof fakeGraphQL>) =>
  renderScreen(<DataExportView />, { client: api.client, path: '/settings/export', route: '/settings/export' });

const optionsOf = (name: string) =>
  within(screen.getByRole('combobox', { name }))
    .getAllByRole('option')
    .map((option) => option.textContent);

const readBlob = (blob: Blob) =>
  new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob);
  });

describe('DataExportView', () => {
  const { createObjectURL, revokeObjectURL } = URL;
  /** The files saved through the browser, in order. */
  let saved: { filename: string; blob: Blob }[];

  beforeEach(() => {
    saved = [];
    const blobs = new Map<string, Blob>();
    URL.createObjectURL = vi.fn((blob: Blob) => {
      const url = `blob:export-${blobs.size}`;
      blobs.set(url, blob);
      return url;
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      const blob = blobs.get(this.href);
      if (blob) saved.push({ filename: this.download, blob });
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = revokeObjectURL;
  });

  it('offers an admin every kind of data and every period, and says what the files hold', async () => {
    const api = fakeGraphQL({ ViewerSections: sections('ADMIN') });
    render(api);

    await screen.findByRole('combobox', { name: 'Data' });
    expect(screen.getByRole('heading', { level: 1, name: 'Export' })).toBeInTheDocument();
    expect(optionsOf('Data')).toEqual(['Accounts', 'Applications', 'Invoices', 'Messages from developers']);
    expect(optionsOf('Period')).toEqual(['All time', 'Today', 'This week', 'This month', 'This year', 'Last year']);
    expect(screen.getByRole('combobox', { name: 'Data' })).toHaveValue('ACCOUNTS');
    expect(screen.getByRole('combobox', { name: 'Period' })).toHaveValue('ALL');
    const holds = within(screen.getByRole('list', { name: 'What the files hold' }))
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(holds).toEqual([
      'Accounts: one row per developer account.',
      'Applications: one row per application.',
      'Invoices: one row per invoice line item (an invoice without line items gets one row).',
      'Messages from developers: one row per message developers sent to your team.',
    ]);
    expect(screen.getByText(/The period goes by when each record was created, and invoices by the month they bill, in the time zone/)).toBeInTheDocument();
    expect(api.callsOf('DataExport')).toEqual([]);
  });

  it('offers a member with billing only the invoices', async () => {
    const api = fakeGraphQL({ ViewerSections: sections('MEMBER', ['FINANCE', 'MONITORING']) });
    render(api);

    await screen.findByRole('combobox', { name: 'Data' });
    expect(optionsOf('Data')).toEqual(['Invoices']);
    expect(within(screen.getByRole('list', { name: 'What the files hold' })).getAllByRole('listitem')).toHaveLength(1);
  });

  it('offers a member with developer accounts only accounts, applications and messages', async () => {
    const api = fakeGraphQL({ ViewerSections: sections('MEMBER', ['PARTNERS']) });
    render(api);

    await screen.findByRole('combobox', { name: 'Data' });
    expect(optionsOf('Data')).toEqual(['Accounts', 'Applications', 'Messages from developers']);
  });

  it('tells a member with neither area that it is not permitted', async () => {
    const api = fakeGraphQL({ ViewerSections: sections('MEMBER', ['PLANS']) });
    render(api);

    expect(await screen.findByRole('heading', { name: 'Not permitted' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Export' })).not.toBeInTheDocument();
  });

  it('exports the chosen data and period, saves the file under the API’s name and counts the rows', async () => {
    const user = userEvent.setup();
    const csv = 'id,name,state\n1,Forecast,live\n';
    const api = fakeGraphQL({
      ViewerSections: sections('ADMIN'),
      DataExport: exported(12, 'portico-applications-this-month-2026-12-05.csv', csv),
    });
    render(api);

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Data' }), 'Applications');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Period' }), 'This month');
    await user.click(screen.getByRole('button', { name: 'Export' }));

    expect(await screen.findByText('Exported 12 applications')).toBeInTheDocument();
    expect(screen.getByText('Saved as portico-applications-this-month-2026-12-05.csv.')).toBeInTheDocument();
    expect(api.callsOf('DataExport')).toEqual([{ kind: 'APPLICATIONS', period: 'THIS_MONTH' }]);
    expect(saved).toHaveLength(1);
    expect(saved[0].filename).toBe('portico-applications-this-month-2026-12-05.csv');
    expect(saved[0].blob.type).toBe('text/csv;charset=utf-8');
    expect(await readBlob(saved[0].blob)).toBe(csv);
  });

  it('asks the API again on every export, and counts in the singular and per invoice row', async () => {
    const user = userEvent.setup();
    const answers = [exported(1), exported(5, 'portico-invoices-last-year-2026-12-05.csv'), exported(1, 'portico-invoices-today-2026-12-05.csv')];
    const api = fakeGraphQL({ ViewerSections: sections('ADMIN'), DataExport: () => answers.shift() ?? exported(2) });
    render(api);

    const exportButton = await screen.findByRole('button', { name: 'Export' });
    await user.click(exportButton);
    expect(await screen.findByText('Exported 1 account')).toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Data' }), 'Invoices');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Period' }), 'Last year');
    await user.click(exportButton);
    expect(await screen.findByText('Exported 5 invoice rows')).toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Period' }), 'Today');
    await user.click(exportButton);
    expect(await screen.findByText('Exported 1 invoice row')).toBeInTheDocument();

    expect(api.callsOf('DataExport')).toEqual([
      { kind: 'ACCOUNTS', period: 'ALL' },
      { kind: 'INVOICES', period: 'LAST_YEAR' },
      { kind: 'INVOICES', period: 'TODAY' },
    ]);
    expect(saved.map((file) => file.filename)).toEqual([
      'portico-accounts-all-2026-12-05.csv',
      'portico-invoices-last-year-2026-12-05.csv',
      'portico-invoices-today-2026-12-05.csv',
    ]);
  });

  it('still saves the file, with its header only, when nothing was created in the period', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      ViewerSections: sections('ADMIN'),
      DataExport: exported(0, 'portico-accounts-today-2026-12-05.csv', 'id,org_name,state\n'),
    });
    render(api);

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Period' }), 'Today');
    await user.click(screen.getByRole('button', { name: 'Export' }));

    expect(await screen.findByText('No accounts to export')).toBeInTheDocument();
    expect(screen.getByText('Saved portico-accounts-today-2026-12-05.csv with its header row only.')).toBeInTheDocument();
    expect(saved.map((file) => file.filename)).toEqual(['portico-accounts-today-2026-12-05.csv']);
    expect(await readBlob(saved[0].blob)).toBe('id,org_name,state\n');
  });

  it('shows the button busy while the export runs', async () => {
    const user = userEvent.setup();
    let answer: (value: Answer) => void = () => undefined;
    const api = fakeGraphQL({
      ViewerSections: sections('MEMBER', ['PARTNERS']),
      DataExport: () => new Promise<Answer>((resolve) => (answer = resolve)),
    });
    render(api);

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Data' }), 'Messages from developers');
    await user.click(screen.getByRole('button', { name: 'Export' }));
    const busy = await screen.findByRole('button', { name: /Export/ });
    await waitFor(() => expect(busy).toBeDisabled());
    expect(within(busy).getByRole('progressbar')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Data' })).toBeDisabled();

    answer(exported(3, 'portico-messages-all-2026-12-05.csv'));
    expect(await screen.findByText('Exported 3 messages')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export' })).toBeEnabled();
    expect(api.callsOf('DataExport')).toEqual([{ kind: 'MESSAGES', period: 'ALL' }]);
  });

  it('reports a refusal of the API in a danger toast and saves nothing', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ ViewerSections: sections('ADMIN'), DataExport: apiError('FORBIDDEN', 'this area is not among your permissions') });
    render(api);

    await user.click(await screen.findByRole('button', { name: 'Export' }));

    expect(await screen.findByText('Could not export the accounts')).toBeInTheDocument();
    expect(screen.getByText('You do not have permission to do this.')).toBeInTheDocument();
    expect(document.querySelector('.pf-v6-c-alert.pf-m-danger')).not.toBeNull();
    expect(saved).toEqual([]);
    expect(URL.createObjectURL).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Export' })).toBeEnabled();
  });

  it('shows the API’s own words for an export it finds invalid', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ ViewerSections: sections('ADMIN'), DataExport: apiError('VALIDATION', 'The export is too large; choose a shorter period.') });
    render(api);

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Data' }), 'Invoices');
    await user.click(screen.getByRole('button', { name: 'Export' }));

    expect(await screen.findByText('Could not export the invoices')).toBeInTheDocument();
    expect(screen.getByText('The export is too large; choose a shorter period.')).toBeInTheDocument();
    expect(saved).toEqual([]);
  });
});
