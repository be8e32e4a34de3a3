import {
  Button,
  Label,
  Pagination,
  PageSection,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr, TreeRowWrapper } from '@patternfly/react-table';
import { useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { RowActions } from '../../components/RowActions';
import { useNotify } from '../../components/Notifications';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { perPageOptions } from '../../graphql/useCursorPage';
import { deleteMetricMutation, mappedMetricsQuery, metricTreeQuery } from '../queries';
import { MetricModal, type MetricModalMode, type MetricRow } from './MetricModal';
import { metricRows } from './metricRows';
import { ownerWhere, type IntegrationOwner } from './owner';

export interface MetricTreeProps {
  owner: IntegrationOwner;
  /** Where the owner's mapping rules are, for the "Add a mapping rule" hint. */
  mappingRulesUrl: string;
}

const context = { additionalTypenames: ['Metric', 'MappingRule'] };

/**
 * Methods & Metrics of a product or backend as one tree: each top-level
 * metric (Hits first) with its methods below it, a "Mapped" marker where a
 * mapping rule counts against it, and the actions to add, edit and delete.
 */
export function MetricTree({ owner, mappingRulesUrl }: MetricTreeProps) {
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(20);
  const where = useMemo(() => ownerWhere(owner), [owner]);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: metricTreeQuery,
    variables: { where },
    context: useMemo(() => context, []),
  });
  const tree = useMemo(() => (data ? metricRows(nodes(data.metrics)) : undefined), [data]);
  const topLevel = tree?.topLevel;
  // The pagination counts what the table shows: metrics and methods alike, one row each.
  // A page past the end (after deletions) shows the last one.
  const current = Math.min(page, Math.max(1, Math.ceil((tree?.rows.length ?? 0) / perPage)));
  const shown = useMemo(() => tree?.rows.slice((current - 1) * perPage, current * perPage) ?? [], [tree, current, perPage]);
  const ids = useMemo(() => shown.map((row) => row.metric.id), [shown]);
  const [{ data: mappedData }] = useQuery({
    query: mappedMetricsQuery,
    variables: { metricIds: ids },
    pause: ids.length === 0,
    context: useMemo(() => context, []),
  });
  const mapped = useMemo(() => new Set(nodes(mappedData?.mappingRules).map((rule) => rule.metricID)), [mappedData]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [modal, setModal] = useState<MetricModalMode | null>(null);
  const [doomed, setDoomed] = useState<MetricRow | null>(null);
  const [, deleteMetric] = useMutation(deleteMetricMutation);
  const notify = useNotify();

  const parents = (topLevel ?? []).map((metric) => ({ id: metric.id, name: metric.friendlyName }));
  const hits = topLevel?.find((metric) => metric.systemName === 'hits') ?? topLevel?.[0];

  async function confirmDelete() {
    if (!doomed) return;
    const what = doomed.parentID ? 'method' : 'metric';
    const result = await deleteMetric({ id: doomed.id }, context);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not delete ${what} “${doomed.friendlyName}”`, description: errorMessage(result.error) });
    } else {
      notify({ variant: 'success', title: `Deleted ${what} “${doomed.friendlyName}”` });
    }
    setDoomed(null);
  }

  function toggle(id: string) {
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  const mappedCell = (metric: MetricRow) =>
    mapped.has(metric.id) ? (
      <Label isCompact color="green">
        Mapped
      </Label>
    ) : (
      <Link to={mappingRulesUrl} className="pf-v6-u-color-200">
        Add a mapping rule
      </Link>
    );

  const rowFor = (metric: MetricRow, level: number, posinset: number, setsize: number, children: MetricRow[], rowIndex: number) => {
    const isTop = level === 1;
    const isExpanded = isTop && children.length > 0 ? !collapsed.has(metric.id) : undefined;
    const isHits = isTop && metric.systemName === 'hits';
    const kind = isTop ? 'metric' : 'method';
    return (
      <TreeRowWrapper
        key={metric.id}
        row={{
          props: {
            isExpanded,
            isHidden: !isTop && collapsed.has(metric.parentID ?? ''),
            'aria-level': level,
            'aria-posinset': posinset,
            'aria-setsize': setsize,
          },
        }}
      >
        <Td
          dataLabel="Name"
          treeRow={{
            onCollapse: () => toggle(metric.id),
            rowIndex,
            props: {
              isExpanded,
              'aria-level': level,
              'aria-posinset': posinset,
              'aria-setsize': isTop ? children.length : 0,
              toggleAriaLabel: `${isExpanded ? 'Collapse' : 'Expand'} ${metric.friendlyName}`,
            },
          }}
        >
          <span className="portico-tree-name">
            {metric.friendlyName}
            {isTop ? (
              <Label isCompact variant="outline">
                {children.length > 0 || isHits ? `Metric · ${children.length} method${children.length === 1 ? '' : 's'}` : 'Metric'}
              </Label>
            ) : null}
          </span>
        </Td>
        <Td dataLabel="System name">
          <code>{metric.systemName}</code>
        </Td>
        <Td dataLabel="Unit">{metric.unit}</Td>
        <Td dataLabel="Description" modifier="truncate">
          {metric.description || '—'}
        </Td>
        <Td dataLabel="Mapping rules">{mappedCell(metric)}</Td>
        <Td isActionCell>
          <RowActions
            label={metric.friendlyName}
            items={[
              { title: `Edit ${kind}`, onClick: () => setModal({ kind: 'edit', metric }) },
              ...(isTop
                ? [{ title: 'Add a method', onClick: () => setModal({ kind: 'createMethod', parents, parentId: metric.id }) }]
                : []),
              { isSeparator: true },
              {
                title: `Delete ${kind}`,
                isDisabled: isHits,
                description: isHits ? 'Hits cannot be deleted' : undefined,
                isDanger: true,
                onClick: () => setDoomed(metric),
              },
            ]}
          />
        </Td>
      </TreeRowWrapper>
    );
  };

  let body: ReactNode;
  if (tree && shown.length > 0) {
    body = shown.map((row, index) => rowFor(row.metric, row.level, row.posinset, row.setsize, row.children, index));
  } else {
    let state: ReactNode = (
      <BlankState title="No methods or metrics yet">Add a metric to count usage in a unit of your choice.</BlankState>
    );
    if (error) state = <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
    else if (!topLevel || fetching) state = <LoadingState label="Loading methods and metrics…" />;
    body = (
      <Tr>
        <Td colSpan={6}>{state}</Td>
      </Tr>
    );
  }

  return (
    <PageSection isFilled>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button
              variant="primary"
              isDisabled={!hits}
              onClick={() => hits && setModal({ kind: 'createMethod', parents, parentId: hits.id })}
            >
              Add a method
            </Button>
          </ToolbarItem>
          <ToolbarItem>
            <Button variant="secondary" onClick={() => setModal({ kind: 'createMetric' })}>
              Add a metric
            </Button>
          </ToolbarItem>
          {tree && tree.rows.length > 0 ? (
            <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
              <Pagination
                isCompact
                itemCount={tree.rows.length}
                page={current}
                perPage={perPage}
                perPageOptions={perPageOptions.map((value) => ({ title: String(value), value }))}
                onSetPage={(_event, target) => setPage(target)}
                onPerPageSelect={(_event, value) => {
                  setPerPage(value);
                  setPage(1);
                }}
                titles={{ paginationAriaLabel: 'Methods and metrics pagination', perPageSuffix: 'rows per page' }}
              />
            </ToolbarItem>
          ) : null}
        </ToolbarContent>
      </Toolbar>
      <Table isTreeTable aria-label="Methods and metrics" aria-busy={fetching} variant="compact">
        <Thead>
          <Tr>
            <Th width={30}>Name</Th>
            <Th>System name</Th>
            <Th>Unit</Th>
            <Th width={25}>Description</Th>
            <Th>Mapping rules</Th>
            <Th screenReaderText="Actions" />
          </Tr>
        </Thead>
        <Tbody>{body}</Tbody>
      </Table>
      {modal ? <MetricModal owner={owner} mode={modal} onClose={() => setModal(null)} /> : null}
      <ConfirmDialog
        isOpen={doomed !== null}
        title={doomed?.parentID ? 'Delete method?' : 'Delete metric?'}
        confirmLabel="Delete"
        onConfirm={confirmDelete}
        onCancel={() => setDoomed(null)}
      >
        “{doomed?.friendlyName}” will be deleted with its mapping rules, limits and pricing rules
        {doomed && !doomed.parentID ? ', and its methods' : ''}. Usage already recorded is kept. This cannot be undone.
      </ConfirmDialog>
    </PageSection>
  );
}
