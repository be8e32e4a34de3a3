import { Pagination, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import {
  ActionsColumn,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  type IAction,
  type ThProps,
} from '@patternfly/react-table';
import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';

import type { CursorPage, PageInfoFields } from '../graphql/useCursorPage';
import { perPageOptions } from '../graphql/useCursorPage';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';

export interface ListColumn<T> {
  title: string;
  cell: (row: T) => ReactNode;
  width?: ThProps['width'];
  modifier?: ThProps['modifier'];
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
  /** Filters shown left of the pagination. */
  filters?: ReactNode;
  pagination?: { page: CursorPage; totalCount: number; pageInfo: PageInfoFields | undefined };
}

/** A PatternFly table with the loading, error and empty states every list screen needs. */
export function ListTable<T extends { id: string }>({
  label,
  columns,
  rows,
  fetching,
  error,
  onRetry,
  empty,
  rowActions,
  filters,
  pagination,
}: ListTableProps<T>) {
  const span = columns.length + (rowActions ? 1 : 0);

  let body: ReactNode;
  if (rows && rows.length > 0) {
    body = rows.map((row) => (
      <Tr key={row.id}>
        {columns.map((column) => (
          <Td key={column.title} dataLabel={column.title} modifier={column.modifier}>
            {column.cell(row)}
          </Td>
        ))}
        {rowActions ? (
          <Td isActionCell>
            <ActionsColumn items={rowActions(row)} />
          </Td>
        ) : null}
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

  const pager = pagination ? (
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
      {filters || pager ? (
        <Toolbar>
          <ToolbarContent>
            {filters}
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
            {columns.map((column) => (
              <Th key={column.title} width={column.width} modifier={column.modifier}>
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
