import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, fakeGraphQL, renderScreen } from '../../test/graphql';
import { MetricTree } from './MetricTree';

const metric = (id: string, friendlyName: string, systemName: string, parentID: string | null) => ({
  id,
  friendlyName,
  systemName,
  unit: 'hit',
  description: null,
  parentID,
});

const tree = {
  data: {
    metrics: connection('Metric', [
      metric('m1', 'Hits', 'hits', null),
      metric('m2', 'Get echo', 'get_echo', 'm1'),
      metric('m4', 'Bytes', 'bytes', null),
      metric('m3', 'Post echo', 'post_echo', 'm1'),
    ]),
  },
};

const owner = { productID: 'p1' };

describe('MetricTree', () => {
  it('shows methods under their metric, marks mapped ones, and collapses with the keyboard', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      MetricTree: tree,
      MappedMetrics: { data: { mappingRules: connection('MappingRule', [{ id: 'r1', metricID: 'm2' }]) } },
    });
    renderScreen(<MetricTree owner={owner} mappingRulesUrl="/rules" />, { client: api.client });

    const table = await screen.findByRole('treegrid', { name: 'Methods and metrics' });
    const rows = await within(table).findAllByRole('row');
    const getEcho = rows.find((row) => row.textContent?.includes('Get echo'))!;
    expect(getEcho).toHaveAttribute('aria-level', '2');
    expect(await within(getEcho).findByText('Mapped')).toBeInTheDocument();
    const postEcho = rows.find((row) => row.textContent?.includes('Post echo'))!;
    expect(within(postEcho).getByRole('link', { name: 'Add a mapping rule' })).toHaveAttribute('href', '/rules');
    expect(api.callsOf('MappedMetrics')[0]).toEqual({ metricIds: ['m1', 'm2', 'm3', 'm4'] });
    expect(api.callsOf('MetricTree')[0]).toEqual({ where: { productID: 'p1' } });
    // Four rows (two metrics, two methods), and the pagination counts all four.
    expect(rows.slice(1).map((row) => row.getAttribute('aria-level'))).toEqual(['1', '2', '2', '1']);
    expect(document.querySelector('.pf-v6-c-pagination__total-items')).toHaveTextContent('1 - 4 of 4');

    const toggle = screen.getByRole('button', { name: 'Collapse Hits' });
    toggle.focus();
    await user.keyboard('{Enter}');
    expect(getEcho).not.toBeVisible();
    expect(screen.getByRole('button', { name: 'Expand Hits' })).toHaveAttribute('aria-expanded', 'false');
  });

  it('never offers to delete Hits, and confirms deleting a method', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      MetricTree: tree,
      MappedMetrics: { data: { mappingRules: connection('MappingRule', []) } },
      DeleteMetric: apiError('CONFLICT', 'the method is used by a plan'),
    });
    renderScreen(<MetricTree owner={owner} mappingRulesUrl="/rules" />, { client: api.client });

    await user.click(await screen.findByRole('button', { name: 'Actions for Hits' }));
    expect(screen.getByRole('menuitem', { name: /Delete metric/ })).toBeDisabled();
    await user.keyboard('{Escape}');

    await user.click(screen.getByRole('button', { name: 'Actions for Get echo' }));
    await user.click(screen.getByRole('menuitem', { name: 'Delete method' }));
    const dialog = screen.getByRole('dialog', { name: /Delete method\?/ });
    expect(dialog).toHaveTextContent('mapping rules, limits and pricing rules');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Could not delete method “Get echo”')).toBeInTheDocument();
    expect(screen.getByText('the method is used by a plan')).toBeInTheDocument();
  });

  it('adds a method under Hits with a derived system name', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      MetricTree: tree,
      MappedMetrics: { data: { mappingRules: connection('MappingRule', []) } },
      CreateMetric: apiError('CONFLICT', 'system_name: is already taken', 'input.systemName'),
    });
    renderScreen(<MetricTree owner={owner} mappingRulesUrl="/rules" />, { client: api.client });

    await user.click(await screen.findByRole('button', { name: 'Add a method' }));
    const dialog = screen.getByRole('dialog', { name: /New method/ });
    await user.type(within(dialog).getByRole('textbox', { name: 'Friendly name' }), 'Get echo');
    expect(within(dialog).getByRole('combobox', { name: 'Adds to' })).toHaveValue('m1');
    await user.click(within(dialog).getByRole('button', { name: 'Add method' }));

    expect(await within(dialog).findByText('Is already taken')).toBeInTheDocument();
    expect(api.callsOf('CreateMetric')).toEqual([
      { input: { productID: 'p1', friendlyName: 'Get echo', systemName: 'get_echo', unit: 'hit', parentID: 'm1' } },
    ]);
  });
});
