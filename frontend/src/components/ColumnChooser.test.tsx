import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { ListTable, type ListColumn } from './ListTable';

interface Row {
  id: string;
  name: string;
  email: string;
  plan: string;
}

const columns: ListColumn<Row>[] = [
  { title: 'Name', cell: (row) => row.name },
  { title: 'Email', cell: (row) => row.email },
  { title: 'Plan', cell: (row) => row.plan },
];

function renderTable() {
  return render(
    <ListTable label="People" columns={columns} rows={[{ id: '1', name: 'Jane', email: 'jane@example.com', plan: 'Gold' }]} fetching={false} empty={null} columnChoice="people" />,
  );
}

const headers = () => within(screen.getByRole('grid', { name: 'People' })).getAllByRole('columnheader').map((header) => header.textContent);

describe('ListTable column choice', () => {
  afterEach(() => window.localStorage.clear());

  it('hides a chosen column, never the first, and remembers the choice in this browser', async () => {
    const user = userEvent.setup();
    renderTable();
    expect(headers()).toEqual(['Name', 'Email', 'Plan']);

    await user.click(screen.getByRole('button', { name: 'Columns of people' }));
    const menu = screen.getByRole('menu', { name: 'Columns shown in people' });
    expect(within(menu).queryByRole('checkbox', { name: 'Name' })).toBeNull();
    expect(within(menu).getByRole('checkbox', { name: 'Plan' })).toBeChecked();
    await user.click(within(menu).getByRole('checkbox', { name: 'Email' }));
    expect(headers()).toEqual(['Name', 'Plan']);
    expect(screen.queryByText('jane@example.com')).toBeNull();
    expect(JSON.parse(window.localStorage.getItem('portico.columns.people') ?? '[]')).toEqual(['Email']);

    cleanup();
    renderTable();
    expect(headers()).toEqual(['Name', 'Plan']);
  });
});
