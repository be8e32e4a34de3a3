import { SearchInput, ToolbarItem } from '@patternfly/react-core';
import { useEffect, useState } from 'react';

export interface SearchFilterProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Room the box keeps, as a CSS length, for values longer than a name (such as a credential). */
  minWidth?: string;
}

/** A toolbar search box that applies its text after a short pause in typing. */
export function SearchFilter({ label, value, onChange, minWidth }: SearchFilterProps) {
  const [text, setText] = useState(value);
  const [applied, setApplied] = useState(value);
  // The value changed from outside (back button, a link): show it.
  if (value !== applied) {
    setApplied(value);
    setText(value);
  }

  useEffect(() => {
    if (text === value) return;
    const id = setTimeout(() => onChange(text), 300);
    return () => clearTimeout(id);
  }, [text, value, onChange]);

  return (
    <ToolbarItem style={minWidth ? { minWidth } : undefined}>
      <SearchInput
        aria-label={label}
        placeholder={label}
        value={text}
        onChange={(_event, next) => setText(next)}
        onClear={() => {
          setText('');
          onChange('');
        }}
      />
    </ToolbarItem>
  );
}
