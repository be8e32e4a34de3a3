import { Button, Label, PageSection, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage } from '../../graphql/useCursorPage';
import { deleteMappingRuleMutation, mappingRulesQuery } from '../queries';
import { MappingRuleModal, type MappingRuleRow } from './MappingRuleModal';
import { ownerWhere, type IntegrationOwner } from './owner';

const context = { additionalTypenames: ['MappingRule', 'Metric'] };

/** The mapping rules of a product or backend, in the order they are matched, with add, edit and delete. */
export function MappingRulesTable({ owner }: { owner: IntegrationOwner }) {
  const page = useCursorPage();
  const where = useMemo(() => ownerWhere(owner), [owner]);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: mappingRulesQuery,
    variables: { ...page.variables, where },
    context: useMemo(() => context, []),
  });
  const [editing, setEditing] = useState<MappingRuleRow | 'new' | null>(null);
  const [doomed, setDoomed] = useState<MappingRuleRow | null>(null);
  const [, deleteRule] = useMutation(deleteMappingRuleMutation);
  const notify = useNotify();
  const rows = data ? nodes(data.mappingRules) : undefined;
  const nextPosition = rows && rows.length > 0 ? Math.max(...rows.map((rule) => rule.position)) + 1 : 0;

  async function confirmDelete() {
    if (!doomed) return;
    const result = await deleteRule({ id: doomed.id }, context);
    const name = `${doomed.httpMethod} ${doomed.pattern}`;
    if (result.error) notify({ variant: 'danger', title: `Could not delete mapping rule ${name}`, description: errorMessage(result.error) });
    else notify({ variant: 'success', title: `Deleted mapping rule ${name}` });
    setDoomed(null);
  }

  return (
    <PageSection isFilled>
      <ListTable
        label="Mapping rules"
        rows={rows}
        fetching={fetching}
        error={error}
        onRetry={() => refetch({ requestPolicy: 'network-only' })}
        toolbarActions={
          <ToolbarItem>
            <Button variant="primary" onClick={() => setEditing('new')}>
              Add mapping rule
            </Button>
          </ToolbarItem>
        }
        pagination={data ? { page, totalCount: data.mappingRules.totalCount, pageInfo: data.mappingRules.pageInfo } : undefined}
        empty={
          <BlankState title="No mapping rules yet" actions={<Button onClick={() => setEditing('new')}>Add mapping rule</Button>}>
            Mapping rules match request paths and count them against a method or metric.
          </BlankState>
        }
        rowLabel={(rule) => `${rule.httpMethod} ${rule.pattern}`}
          rowActions={(rule) => [
          { title: 'Edit', onClick: () => setEditing(rule) },
          { isSeparator: true },
          { title: 'Delete', isDanger: true, onClick: () => setDoomed(rule) },
        ]}
        columns={[
          { title: 'Verb', width: 10, cell: (rule) => <Label isCompact>{rule.httpMethod}</Label> },
          { title: 'Pattern', width: 35, cell: (rule) => <code className="portico-endpoint">{rule.pattern}</code> },
          { title: '+', width: 10, cell: (rule) => rule.delta },
          { title: 'Metric or method', cell: (rule) => rule.metric.friendlyName },
          { title: 'Last?', width: 10, cell: (rule) => (rule.last ? 'Yes' : 'No') },
          { title: 'Position', width: 10, cell: (rule) => rule.position },
        ]}
      />
      {editing ? (
        <MappingRuleModal
          owner={owner}
          rule={editing === 'new' ? null : editing}
          nextPosition={nextPosition}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ConfirmDialog
        isOpen={doomed !== null}
        title="Delete mapping rule?"
        confirmLabel="Delete"
        onConfirm={confirmDelete}
        onCancel={() => setDoomed(null)}
      >
        Requests matching {doomed?.httpMethod} <code>{doomed?.pattern}</code> will no longer be counted against “
        {doomed?.metric.friendlyName}”.
      </ConfirmDialog>
    </PageSection>
  );
}
