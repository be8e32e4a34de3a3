import { Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';

import type { OpenApiImportAction, OpenApiImportKind } from '../../gql/graphql';

export interface ImportItem {
  kind: OpenApiImportKind;
  action: OpenApiImportAction;
  name: string;
  detail: string;
}

const kindLabels: Record<OpenApiImportKind, string> = {
  PRODUCT: 'Product',
  BACKEND: 'Backend',
  METHOD: 'Method',
  MAPPING_RULE: 'Mapping rule',
  ACTIVE_DOC: 'ActiveDoc',
};

const actionLabels: Record<OpenApiImportAction, { text: string; color: 'green' | 'grey' | 'blue' }> = {
  CREATE: { text: 'Create', color: 'green' },
  REUSE: { text: 'Keep existing', color: 'grey' },
  UPDATE: { text: 'Update', color: 'blue' },
};

/** What an OpenAPI import creates, keeps and updates, one row per item. */
export function ImportPreviewTable({ items, label }: { items: readonly ImportItem[]; label: string }) {
  return (
    <Table aria-label={label} variant="compact">
      <Thead>
        <Tr>
          <Th width={15}>Kind</Th>
          <Th width={15}>Action</Th>
          <Th>Name</Th>
          <Th>Detail</Th>
        </Tr>
      </Thead>
      <Tbody>
        {items.map((item, index) => (
          <Tr key={`${item.kind}-${item.name}-${index}`}>
            <Td dataLabel="Kind">{kindLabels[item.kind]}</Td>
            <Td dataLabel="Action">
              <Label color={actionLabels[item.action].color} isCompact>
                {actionLabels[item.action].text}
              </Label>
            </Td>
            <Td dataLabel="Name">
              <code>{item.name}</code>
            </Td>
            <Td dataLabel="Detail">{item.detail}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
