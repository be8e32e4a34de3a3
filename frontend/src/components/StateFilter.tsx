import { MenuToggle, Select, SelectList, SelectOption, ToolbarItem } from '@patternfly/react-core';
import { useState } from 'react';

export interface StateFilterProps {
  label: string;
  options: { value: string; label: string }[];
  /** '' for any state. */
  value: string;
  onChange: (value: string) => void;
}

/** A single-choice toolbar filter, e.g. "State: Pending". */
export function StateFilter({ label, options, value, onChange }: StateFilterProps) {
  const [isOpen, setIsOpen] = useState(false);
  const selected = options.find((option) => option.value === value);
  return (
    <ToolbarItem>
      <Select
        isOpen={isOpen}
        selected={value}
        onOpenChange={setIsOpen}
        onSelect={(_event, next) => {
          onChange(typeof next === 'string' ? next : '');
          setIsOpen(false);
        }}
        toggle={(toggleRef) => (
          <MenuToggle ref={toggleRef} isExpanded={isOpen} onClick={() => setIsOpen((open) => !open)}>
            {label}: {selected?.label ?? 'Any'}
          </MenuToggle>
        )}
      >
        <SelectList aria-label={label}>
          <SelectOption value="">Any</SelectOption>
          {options.map((option) => (
            <SelectOption key={option.value} value={option.value}>
              {option.label}
            </SelectOption>
          ))}
        </SelectList>
      </Select>
    </ToolbarItem>
  );
}
