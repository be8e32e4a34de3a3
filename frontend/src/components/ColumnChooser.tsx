import { MenuToggle, Select, SelectList, SelectOption, type MenuToggleElement } from '@patternfly/react-core';
import { ColumnsIcon } from '@patternfly/react-icons';
import { useState, type Ref } from 'react';

/**
 * PatternFly's column management, kept small: a checkbox menu of the columns that may be hidden.
 * The first column names the row and is always shown.
 */
export function ColumnChooser({
  titles,
  hidden,
  onChange,
  label,
}: {
  titles: string[];
  hidden: ReadonlySet<string>;
  onChange: (title: string, hidden: boolean) => void;
  /** Names the list, e.g. "Accounts". */
  label: string;
}) {
  const [isOpen, setOpen] = useState(false);
  return (
    <Select
      role="menu"
      isOpen={isOpen}
      selected={titles.filter((title) => !hidden.has(title))}
      onSelect={(_event, value) => onChange(String(value), !hidden.has(String(value)))}
      onOpenChange={setOpen}
      toggle={(ref: Ref<MenuToggleElement>) => (
        <MenuToggle ref={ref} variant="plain" onClick={() => setOpen((open) => !open)} isExpanded={isOpen} aria-label={`Columns of ${label.toLowerCase()}`} icon={<ColumnsIcon />} />
      )}
    >
      <SelectList aria-label={`Columns shown in ${label.toLowerCase()}`}>
        {titles.map((title) => (
          <SelectOption key={title} value={title} hasCheckbox isSelected={!hidden.has(title)}>
            {title}
          </SelectOption>
        ))}
      </SelectList>
    </Select>
  );
}
