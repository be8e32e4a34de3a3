import { Button, Card, CardBody, CardHeader, CardTitle, Content, Label, PageSection, Title } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorState } from '../../components/ErrorState';
import { ListTable } from '../../components/ListTable';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import type { FieldDefinitionFieldsFragment, FieldDefinitionTarget } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { FieldDefinitionModal } from '../components/FieldDefinitionModal';
import { builtinField, fieldTargets, type BuiltinField } from '../components/fieldDefinitions';
import { deleteFieldDefinitionMutation, fieldDefinitionsQuery } from '../queries';
import { accountsPath } from '../urls';

type Definition = FieldDefinitionFieldsFragment;

/** A row: a definition, or a core built-in field that has none and so keeps its defaults. */
interface FieldRow {
  id: string;
  name: string;
  label: string;
  definition?: Definition;
  /** Whether the API says the field is built-in rather than extra. */
  isBuiltin: boolean;
}

const listContext = { additionalTypenames: ['FieldDefinition'] };

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

interface Editing {
  target: FieldDefinitionTarget;
  definition?: Definition;
  presetName?: string;
}

/** Audience › Accounts › Fields Definitions: the built-in and extra fields of accounts, users and applications. */
export function FieldDefinitionsView() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: fieldDefinitionsQuery, context: useMemo(() => listContext, []) });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<Definition | null>(null);
  const [, deleteDefinition] = useMutation(deleteFieldDefinitionMutation);
  const notify = useNotify();
  const definitions = useMemo(() => (data ? nodes(data.fieldDefinitions) : []), [data]);
  const byTarget = (target: FieldDefinitionTarget) => definitions.filter((definition) => definition.target === target);
  // The built-in fields come from the API, which checks every write against the same list.
  const builtinsOf = (target: FieldDefinitionTarget) => (data?.builtInFields ?? []).filter((field) => field.target === target);

  async function confirmDelete() {
    if (!deleting) return;
    const result = await deleteDefinition({ id: deleting.id }, listContext);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not delete the field “${deleting.name}”`, description: errorMessage(result.error) });
    } else {
      notify({ variant: 'success', title: `Deleted the field “${deleting.name}”` });
    }
    setDeleting(null);
  }

  let body;
  if (error) body = <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (!data) body = fetching ? <LoadingState label="Loading the field definitions…" /> : null;
  else
    body = fieldTargets.map(({ target, title, description }) => (
      <TargetFields
        key={target}
        target={target}
        title={title}
        description={description}
        definitions={byTarget(target)}
        builtins={builtinsOf(target)}
        onCreate={(presetName) => setEditing({ target, presetName })}
        onEdit={(definition) => setEditing({ target, definition })}
        onDelete={setDeleting}
      />
    ));

  const editingDefinitions = editing ? byTarget(editing.target) : [];
  const deletingBuiltin = deleting ? builtinField(builtinsOf(deleting.target), deleting.name) : undefined;

  return (
    <>
      <PageHeader
        title="Fields Definitions"
        description="The fields developers fill in for their accounts, users and applications: labels, rules, and extra fields of your own."
        breadcrumbs={[{ label: 'Accounts', to: accountsPath }, { label: 'Fields Definitions' }]}
      />
      <PageSection isFilled>{body}</PageSection>
      {editing ? (
        <FieldDefinitionModal
          target={editing.target}
          definition={editing.definition}
          presetName={editing.presetName}
          builtins={builtinsOf(editing.target)}
          defined={new Set(editingDefinitions.map((definition) => definition.name))}
          nextPosition={editingDefinitions.reduce((most, definition) => Math.max(most, definition.position + 1), 0)}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ConfirmDialog
        isOpen={deleting !== null}
        title={`Delete the field “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete"
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
      >
        {deletingBuiltin?.core
          ? 'The field stays, with its default label and no rules for developers.'
          : deletingBuiltin
            ? 'Developers no longer see the field, and it leaves the API representations. Values already stored are kept.'
            : 'Developers no longer see the field. Values already stored stay with their records.'}
      </ConfirmDialog>
    </>
  );
}

interface TargetFieldsProps {
  target: FieldDefinitionTarget;
  title: string;
  description: string;
  definitions: Definition[];
  /** The target's built-in fields, as the API lists them. */
  builtins: BuiltinField[];
  /** Creates a definition, for a built-in field named in advance or one chosen in the dialog. */
  onCreate: (presetName?: string) => void;
  onEdit: (definition: Definition) => void;
  onDelete: (definition: Definition) => void;
}

function TargetFields({ target, title, description, definitions, builtins, onCreate, onEdit, onDelete }: TargetFieldsProps) {
  const defined = new Set(definitions.map((definition) => definition.name));
  const rows: FieldRow[] = [
    ...definitions.map((definition) => ({
      id: definition.id,
      name: definition.name,
      label: definition.label,
      definition,
      isBuiltin: definition.builtIn,
    })),
    ...builtins
      .filter((field) => field.core && !defined.has(field.name))
      .map((field) => ({ id: `builtin-${field.name}`, name: field.name, label: field.label, isBuiltin: true })),
  ];
  const headingId = `fields-${target.toLowerCase()}`;
  const createButton = (
    <Button variant="secondary" onClick={() => onCreate()} aria-label={`Create ${title.toLowerCase()} field`}>
      Create
    </Button>
  );

  return (
    <Card className="pf-v6-u-mb-lg" aria-labelledby={headingId} component="section">
      <CardHeader actions={{ actions: createButton, hasNoOffset: true }}>
        <CardTitle>
          <Title headingLevel="h2" size="lg" id={headingId}>
            {title}
          </Title>
        </CardTitle>
        <Content component="p" className="pf-v6-u-mt-xs">
          {description}
        </Content>
      </CardHeader>
      <CardBody>
        <ListTable
          label={`${title} fields`}
          rows={rows}
          fetching={false}
          empty={
            <BlankState title="No fields defined" size="sm" headingLevel="h3" actions={createButton}>
              Define a field to give it a label and rules.
            </BlankState>
          }
          rowLabel={(row) => row.name}
          rowActions={({ definition, name }) =>
            definition
              ? [
                  { title: 'Edit', onClick: () => onEdit(definition) },
                  { title: 'Delete', onClick: () => onDelete(definition) },
                ]
              : [{ title: 'Customize', onClick: () => onCreate(name) }]
          }
          columns={[
            { title: 'Name', width: 20, cell: (row) => <code>{row.name}</code> },
            {
              title: 'Label',
              width: 20,
              cell: (row) => row.label,
            },
            {
              title: 'Kind',
              modifier: 'fitContent',
              cell: (row) =>
                row.isBuiltin ? (
                  <Label isCompact color="blue">
                    {row.definition ? 'Built-in' : 'Built-in, default'}
                  </Label>
                ) : (
                  <Label isCompact color="purple">
                    Extra
                  </Label>
                ),
            },
            { title: 'Required', modifier: 'fitContent', cell: (row) => yesNo(row.definition?.required ?? false) },
            { title: 'Read only', modifier: 'fitContent', cell: (row) => yesNo(row.definition?.readOnly ?? false) },
            { title: 'Hidden', modifier: 'fitContent', cell: (row) => yesNo(row.definition?.hidden ?? false) },
            {
              title: 'Choices',
              width: 15,
              cell: (row) => (row.definition?.choices?.length ? row.definition.choices.join(', ') : 'Any value'),
            },
          ]}
        />
      </CardBody>
    </Card>
  );
}
