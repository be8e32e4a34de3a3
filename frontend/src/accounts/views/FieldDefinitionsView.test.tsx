import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, fakeGraphQL, renderScreen, type Handler } from '../../test/graphql';
import { FieldDefinitionsView } from './FieldDefinitionsView';

/** The built-in fields as the API lists them (builtInFields). */
const builtin = (target: string, name: string, label: string, core: boolean) => ({ __typename: 'BuiltInField', target, name, label, core });
const catalog = [
  builtin('ACCOUNT', 'org_name', 'Organization/Group name', true),
  builtin('ACCOUNT', 'vat_code', 'VAT code', false),
  builtin('ACCOUNT', 'vat_rate', 'VAT rate', false),
  builtin('USER', 'username', 'Username', true),
  builtin('USER', 'email', 'Email', true),
  builtin('USER', 'first_name', 'First name', true),
  builtin('USER', 'last_name', 'Last name', true),
  builtin('APPLICATION', 'name', 'Name', true),
  builtin('APPLICATION', 'description', 'Description', true),
];

const definition = (id: string, target: string, name: string, rest: Record<string, unknown> = {}) => ({
  id,
  target,
  name,
  builtIn: catalog.some((field) => field.target === target && field.name === name),
  label: name,
  required: false,
  readOnly: false,
  hidden: false,
  choices: null,
  hint: null,
  position: 0,
  ...rest,
});

const definitions = {
  data: {
    builtInFields: catalog,
    fieldDefinitions: connection('FieldDefinition', [
      definition('1', 'ACCOUNT', 'vat_rate', { label: 'VAT rate', required: true, position: 1 }),
      definition('2', 'ACCOUNT', 'industry', { label: 'Industry', choices: ['Retail', 'Banking'], hint: 'Your sector', position: 2 }),
      definition('3', 'USER', 'first_name', { label: 'Given name', hidden: true }),
    ]),
  },
};

const render = (extra: Record<string, Handler> = {}) => {
  const api = fakeGraphQL({ FieldDefinitions: definitions, ...extra });
  renderScreen(<FieldDefinitionsView />, { client: api.client });
  return api;
};

const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      Array.from(row.querySelectorAll('td'))
        .map((cell) => cell.textContent)
        .filter(Boolean),
    );

describe('FieldDefinitionsView', () => {
  it('lists the fields of each target, core built-in fields with their defaults', async () => {
    render();
    const account = await screen.findByRole('grid', { name: 'Account fields' });
    expect(rowTexts(account)).toEqual([
      ['vat_rate', 'VAT rate', 'Built-in', 'Yes', 'No', 'No', 'Any value'],
      ['industry', 'Industry', 'Extra', 'No', 'No', 'No', 'Retail, Banking'],
      ['org_name', 'Organization/Group name', 'Built-in, default', 'No', 'No', 'No', 'Any value'],
    ]);
    const users = screen.getByRole('grid', { name: 'User fields' });
    expect(rowTexts(users).map((row) => row[0])).toEqual(['first_name', 'username', 'email', 'last_name']);
    expect(rowTexts(users)[0]).toContain('Given name');
    expect(rowTexts(screen.getByRole('grid', { name: 'Application fields' })).map((row) => row[0])).toEqual(['name', 'description']);
  });

  it('takes the built-in fields and their labels from the API', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      FieldDefinitions: {
        data: {
          builtInFields: [builtin('USER', 'nickname', 'Nickname', true), builtin('USER', 'pager', 'Pager number', false)],
          fieldDefinitions: connection('FieldDefinition', [definition('1', 'USER', 'pager', { label: 'Pager', builtIn: true })]),
        },
      },
    });
    renderScreen(<FieldDefinitionsView />, { client: api.client });
    const users = await screen.findByRole('grid', { name: 'User fields' });
    expect(rowTexts(users).map((row) => row.slice(0, 3))).toEqual([
      ['pager', 'Pager', 'Built-in'],
      ['nickname', 'Nickname', 'Built-in, default'],
    ]);
    // Nothing the API did not list shows as built-in.
    expect(within(screen.getByRole('grid', { name: 'Account fields' })).queryByText('org_name')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Create user field' }));
    const dialog = screen.getByRole('dialog', { name: 'New user field' });
    const offered = within(within(dialog).getByRole('combobox', { name: 'Field' }))
      .getAllByRole('option')
      .map((option) => option.getAttribute('value'));
    expect(offered).toContain('nickname');
    expect(offered).not.toContain('pager');
    expect(offered).not.toContain('username');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Field' }), '+extra');
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'nickname');
    await user.type(within(dialog).getByRole('textbox', { name: 'Label' }), 'Nick');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(within(dialog).getByText(/“nickname” is a built-in field/)).toBeInTheDocument();
  });

  it('creates an extra field, checking its name first and showing the API refusal beside a field', async () => {
    const user = userEvent.setup();
    const api = render({
      CreateFieldDefinition: ({ input }) => {
        const values = input as Record<string, unknown>;
        return values.label === 'Taken'
          ? apiError('CONFLICT', 'label: is already used', 'input.label')
          : { data: { createFieldDefinition: { __typename: 'FieldDefinition', ...definition('9', 'ACCOUNT', String(values.name)), ...values } } };
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Create account field' }));
    const dialog = screen.getByRole('dialog', { name: 'New account field' });
    // Built-in fields already defined are not offered again.
    const picker = within(dialog).getByRole('combobox', { name: 'Field' });
    const offered = within(picker).getAllByRole('option').map((option) => option.getAttribute('value'));
    expect(offered).not.toContain('vat_rate');
    expect(offered).toContain('vat_code');

    await user.selectOptions(picker, '+extra');
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Industry');
    await user.type(within(dialog).getByRole('textbox', { name: 'Label' }), 'Taken');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(within(dialog).getByText(/Must start with a lower-case letter/)).toBeInTheDocument();
    expect(api.callsOf('CreateFieldDefinition')).toEqual([]);

    await user.clear(within(dialog).getByRole('textbox', { name: 'Name' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'company_size');
    await user.click(within(dialog).getByRole('checkbox', { name: /Required/ }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Choices' }), 'Small{Enter}Large{Enter}Small{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText('Is already used')).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Label' })).toHaveAttribute('aria-invalid', 'true');

    await user.clear(within(dialog).getByRole('textbox', { name: 'Label' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Label' }), 'Company size');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Created the account field “company_size”')).toBeInTheDocument();
    expect(api.callsOf('CreateFieldDefinition').at(-1)).toEqual({
      input: {
        target: 'ACCOUNT',
        name: 'company_size',
        label: 'Company size',
        required: true,
        readOnly: false,
        hidden: false,
        choices: ['Small', 'Large'],
        position: 3,
      },
    });
  });

  it('proposes the label of a built-in field and refuses choices for the VAT rate', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      FieldDefinitions: { data: { builtInFields: catalog, fieldDefinitions: connection('FieldDefinition', []) } },
      CreateFieldDefinition: { data: { createFieldDefinition: { __typename: 'FieldDefinition', ...definition('9', 'ACCOUNT', 'vat_rate') } } },
    });
    renderScreen(<FieldDefinitionsView />, { client: api.client });
    await user.click(await screen.findByRole('button', { name: 'Create account field' }));
    const dialog = screen.getByRole('dialog', { name: 'New account field' });
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Field' }), 'vat_rate');
    expect(within(dialog).getByRole('textbox', { name: 'Label' })).toHaveValue('VAT rate');
    await user.type(within(dialog).getByRole('textbox', { name: 'Choices' }), '21');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(within(dialog).getAllByText('VAT rate is a number and takes no choices.').length).toBeGreaterThan(0);
    expect(api.callsOf('CreateFieldDefinition')).toEqual([]);

    await user.clear(within(dialog).getByRole('textbox', { name: 'Choices' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Created the account field “vat_rate”')).toBeInTheDocument();
    expect(api.callsOf('CreateFieldDefinition')[0]).toMatchObject({ input: { target: 'ACCOUNT', name: 'vat_rate', label: 'VAT rate', position: 0 } });
  });

  it('customizes a core field that has no definition yet', async () => {
    const user = userEvent.setup();
    const api = render({
      CreateFieldDefinition: { data: { createFieldDefinition: { __typename: 'FieldDefinition', ...definition('9', 'USER', 'username') } } },
    });
    const users = await screen.findByRole('grid', { name: 'User fields' });
    await user.click(within(users).getByRole('button', { name: 'Actions for username' }));
    await user.click(screen.getByRole('menuitem', { name: 'Customize' }));
    const dialog = screen.getByRole('dialog', { name: 'New user field' });
    expect(within(dialog).getByRole('combobox', { name: 'Field' })).toHaveValue('username');
    expect(within(dialog).getByRole('textbox', { name: 'Label' })).toHaveValue('Username');
    await user.click(within(dialog).getByRole('checkbox', { name: /Read only/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Created the user field “username”')).toBeInTheDocument();
    expect(api.callsOf('CreateFieldDefinition')[0]).toMatchObject({ input: { target: 'USER', name: 'username', readOnly: true, position: 1 } });
  });

  it('edits a definition, clearing the choices and the hint that were emptied', async () => {
    const user = userEvent.setup();
    const api = render({
      UpdateFieldDefinition: ({ id }) => ({
        data: { updateFieldDefinition: { __typename: 'FieldDefinition', ...definition(String(id), 'ACCOUNT', 'industry') } },
      }),
    });
    const account = await screen.findByRole('grid', { name: 'Account fields' });
    await user.click(within(account).getByRole('button', { name: 'Actions for industry' }));
    await user.click(screen.getByRole('menuitem', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit account field “industry”' });
    expect(within(dialog).queryByRole('combobox', { name: 'Field' })).not.toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Choices' })).toHaveValue('Retail\nBanking');
    await user.clear(within(dialog).getByRole('textbox', { name: 'Choices' }));
    await user.clear(within(dialog).getByRole('textbox', { name: 'Hint' }));
    await user.click(within(dialog).getByRole('checkbox', { name: /Hidden/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved the account field “industry”')).toBeInTheDocument();
    expect(api.callsOf('UpdateFieldDefinition')).toEqual([
      {
        id: '2',
        input: { label: 'Industry', required: false, readOnly: false, hidden: true, position: 2, clearChoices: true, clearHint: true },
      },
    ]);
  });

  it('deletes a definition only after confirmation', async () => {
    const user = userEvent.setup();
    const api = render({ DeleteFieldDefinition: { data: { deleteFieldDefinition: { __typename: 'DeletePayload', deletedID: '2' } } } });
    const account = await screen.findByRole('grid', { name: 'Account fields' });
    await user.click(within(account).getByRole('button', { name: 'Actions for industry' }));
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    const confirm = screen.getByRole('dialog', { name: /Delete the field “industry”\?/ });
    expect(confirm).toHaveTextContent('Values already stored stay with their records.');
    expect(api.callsOf('DeleteFieldDefinition')).toEqual([]);
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Deleted the field “industry”')).toBeInTheDocument();
    expect(api.callsOf('DeleteFieldDefinition')).toEqual([{ id: '2' }]);
  });

  it('shows an error state when the definitions cannot be loaded', async () => {
    const api = fakeGraphQL({ FieldDefinitions: apiError('INTERNAL', 'boom') });
    renderScreen(<FieldDefinitionsView />, { client: api.client });
    expect(await screen.findByText('Something went wrong')).toBeInTheDocument();
  });
});
