import { MenuToggle } from '@patternfly/react-core';
import { EllipsisVIcon } from '@patternfly/react-icons';
import { ActionsColumn, type IAction } from '@patternfly/react-table';

/** The kebab menu of a table row, named after the row for assistive technology. */
export function RowActions({ items, label }: { items: IAction[]; label: string }) {
  return (
    <ActionsColumn
      items={items}
      popperProps={{ position: 'end' }}
      actionsToggle={({ onToggle, isOpen, isDisabled, toggleRef }) => (
        <MenuToggle
          ref={toggleRef}
          onClick={onToggle}
          isExpanded={isOpen}
          isDisabled={isDisabled}
          variant="plain"
          aria-label={`Actions for ${label}`}
          icon={<EllipsisVIcon />}
        />
      )}
    />
  );
}
