import { Checkbox, Pagination, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import {
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  type IAction,
  type ThProps,
} from '@patternfly/react-table';
import { useId, type ReactNode } from 'react';
import type { CombinedError } from 'urql';

import type { CursorPage, ListSort, PageInfoFields } from '../graphql/useCursorPage';
import { perPageOptions } from '../graphql/useCursorPage';
import { ColumnChooser } from './ColumnChooser';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';
import { RowActions } from './RowActions';
import { useHiddenColumns } from './useHiddenColumns';

export interface ListColumn<T> {
  title: string;
  cell: (row: T) => ReactNode;
  width?: ThProps['width'];
  modifier?: ThProps['modifier'];
  /** The GraphQL order field this column sorts by, when the list has a `sort`. */
  sortField?: string;
}

export interface ListTableProps<T extends { id: string }> {
  /** Names the table for assistive technology, e.g. "Accounts". */
  label: string;
  columns: ListColumn<T>[];
  /** Undefined until the first answer arrives. */
  rows: T[] | undefined;
  fetching: boolean;
  error?: CombinedError | null;
  onRetry?: () => void;
  /** Shown in the table body when there are no rows, usually a {@link BlankState}. */
  empty: ReactNode;
  rowActions?: (row: T) => IAction[];
  /** Names a row in the labels of its actions menu ("Actions for Basic"); defaults to the first column's text. */
  rowLabel?: (row: T) => string;
  /** Filters shown left of the pagination. */
  filters?: ReactNode;
  /** Buttons shown in the toolbar after the filters, e.g. "Create account" or a bulk action bar. */
  toolbarActions?: ReactNode;
  /** Adds a checkbox to every row and to the header, for bulk actions. */
  selection?: ListSelection<T>;
  pagination?: { page: CursorPage; totalCount: number; pageInfo: PageInfoFields | undefined };
  /** Makes the columns with a `sortField` sortable, server side. */
  sort?: ListSort<string>;
  /**
   * Lets the admin hide columns (every one but the first), remembered in this browser under this
   * key, e.g. "accounts".
   */
  columnChoice?: string;
}

export interface ListSelection<T> {
  selected: ReadonlySet<string>;
  onChange: (selected: Set<string>) => void;
  /** A readable name of the row for the checkbox's label, e.g. the organization name. */
  rowName: (row: T) => string;
}

/** A PatternFly table with the loading, error and empty states every list screen needs. */
export function ListTable<T extends { id: string }>({
  label,
  columns: allColumns,
  rows,
  fetching,
  error,
  onRetry,
  empty,
  rowActions,
  rowLabel,
  filters,
  toolbarActions,
  selection,
  pagination,
  sort,
  columnChoice,
}: ListTableProps<T>) {
  const [hidden, setHidden] = useHiddenColumns(columnChoice ?? '');
  const columns = columnChoice ? allColumns.filter((column, index) => index === 0 || !hidden.has(column.title)) : allColumns;
  const span = columns.length + (rowActions ? 1 : 0) + (selection ? 1 : 0);
  const visible = rows ?? [];
  const allSelected = selection && visible.length > 0 && visible.every((row) => selection.selected.has(row.id));
  const someSelected = selection && visible.some((row) => selection.selected.has(row.id));
  const selectionId = useId();

  function select(row: T, isSelecting: boolean) {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (isSelecting) next.add(row.id);
    else next.delete(row.id);
    selection.onChange(next);
  }

  let body: ReactNode;
  if (rows && rows.length > 0) {
    body = rows.map((row, rowIndex) => (
      <Tr key={row.id} isRowSelected={selection?.selected.has(row.id)}>
        {selection ? (
          <Td className="pf-v6-c-table__check">
            <Checkbox
              id={`${selectionId}-${row.id}`}
              aria-label={`Select ${selection.rowName(row)}`}
              isChecked={selection.selected.has(row.id)}
              onChange={(_event, isSelecting) => select(row, isSelecting)}
            />
          </Td>
        ) : null}
        {columns.map((column) => (
          <Td key={column.title} dataLabel={column.title} modifier={column.modifier}>
            {column.cell(row)}
          </Td>
        ))}
        {rowActions ? <ActionsCell items={rowActions(row)} label={rowLabel ? rowLabel(row) : `row ${rowIndex + 1}`} /> : null}
      </Tr>
    ));
  } else {
    let state: ReactNode = empty;
    if (error) state = <ErrorState error={error} onRetry={onRetry} headingLevel="h2" />;
    else if (!rows || fetching) state = <LoadingState label={`Loading ${label.toLowerCase()}…`} />;
    body = (
      <Tr>
        <Td colSpan={span}>{state}</Td>
      </Tr>
    );
  }

  const pager = pagination && pagination.totalCount > 0 ? (
    <Pagination
      isCompact
      itemCount={pagination.totalCount}
      page={pagination.page.page}
      perPage={pagination.page.perPage}
      perPageOptions={perPageOptions.map((value) => ({ title: String(value), value }))}
      onSetPage={(_event, target) => pagination.page.goTo(target, pagination.pageInfo)}
      onPerPageSelect={(_event, value) => pagination.page.setPerPage(value)}
      titles={{ paginationAriaLabel: `${label} pagination` }}
    />
  ) : null;

  return (
    <>
      {filters || pager || toolbarActions || columnChoice ? (
        <Toolbar>
          <ToolbarContent>
            {filters}
            {toolbarActions}
            {columnChoice ? (
              <ToolbarItem>
                <ColumnChooser
                  label={label}
                  titles={allColumns.slice(1).map((column) => column.title)}
                  hidden={hidden}
                  onChange={setHidden}
                />
              </ToolbarItem>
            ) : null}
            {pager ? (
              <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
                {pager}
              </ToolbarItem>
            ) : null}
          </ToolbarContent>
        </Toolbar>
      ) : null}
      <Table aria-label={label} aria-busy={fetching} variant="compact">
        <Thead>
          <Tr>
            {selection ? (
              <Th className="pf-v6-c-table__check" aria-label="Selection">
                <Checkbox
                  id={`${selectionId}-all`}
                  aria-label="Select all rows on this page"
                  isChecked={allSelected ? true : someSelected ? null : false}
                  isDisabled={visible.length === 0}
                  onChange={(_event, isSelecting) =>
                    selection.onChange(isSelecting ? new Set(visible.map((row) => row.id)) : new Set())
                  }
                />
              </Th>
            ) : null}
            {columns.map((column, index) => (
              <Th
                key={column.title}
                width={column.width}
                modifier={column.modifier}
                sort={
                  sort && column.sortField
                    ? {
                        columnIndex: index,
                        sortBy: {
                          index: columns.findIndex((candidate) => candidate.sortField === sort.field),
                          direction: sort.direction === 'ASC' ? 'asc' : 'desc',
                          defaultDirection: 'asc',
                        },
                        onSort: (_event, _index, direction) => sort.sortBy(column.sortField ?? sort.field, direction === 'desc' ? 'DESC' : 'ASC'),
                      }
                    : undefined
                }
              >
                {column.title}
              </Th>
            ))}
            {rowActions ? <Th screenReaderText="Actions" /> : null}
          </Tr>
        </Thead>
        <Tbody>{body}</Tbody>
      </Table>
    </>
  );
}

/** A row's actions menu; an empty cell when the row has no actions. */
function ActionsCell({ items, label }: { items: IAction[]; label: string }) {
  return <Td isActionCell>{items.length ? <RowActions items={items} label={label} /> : null}</Td>;
}
