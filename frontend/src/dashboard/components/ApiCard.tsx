import { Card, CardBody, CardFooter, CardHeader, CardTitle, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { BlankState } from '../../components/BlankState';

export interface ApiRow {
  id: string;
  name: string;
  to: string;
  detail: ReactNode;
}

export interface ApiCardProps {
  title: string;
  total: number;
  rows: ApiRow[];
  detailTitle: string;
  /** The full list, e.g. /products. */
  listTo: string;
  emptyTitle: string;
  emptyBody: string;
}

/** The most recently changed products or backends, linking to the full list. */
export function ApiCard({ title, total, rows, detailTitle, listTo, emptyTitle, emptyBody }: ApiCardProps) {
  return (
    <Card isFullHeight>
      <CardHeader>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            {title} <span className="portico-count">({total.toLocaleString()})</span>
          </Title>
        </CardTitle>
      </CardHeader>
      <CardBody>
        {rows.length === 0 ? (
          <BlankState title={emptyTitle} headingLevel="h3" size="xs">
            {emptyBody}
          </BlankState>
        ) : (
          <Table aria-label={`Recently updated ${title.toLowerCase()}`} variant="compact" borders>
            <Thead>
              <Tr>
                <Th width={50}>Name</Th>
                <Th>{detailTitle}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {rows.map((row) => (
                <Tr key={row.id}>
                  <Td dataLabel="Name">
                    <Link to={row.to}>{row.name}</Link>
                  </Td>
                  <Td dataLabel={detailTitle}>{row.detail}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </CardBody>
      {total > rows.length ? (
        <CardFooter>
          <Link to={listTo}>
            View all {total.toLocaleString()} {title.toLowerCase()}
          </Link>
        </CardFooter>
      ) : null}
    </Card>
  );
}
