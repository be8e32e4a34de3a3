import { ClipboardCopy } from '@patternfly/react-core';

export interface CopyValueProps {
  value: string;
  /** Names the value for assistive technology, e.g. "User key". */
  label: string;
}

/** A read-only secret or identifier with a copy button. */
export function CopyValue({ value, label }: CopyValueProps) {
  return (
    <ClipboardCopy
      isReadOnly
      hoverTip="Copy"
      clickTip="Copied"
      textAriaLabel={label}
      toggleAriaLabel={`Show ${label}`}
      className="portico-copy"
    >
      {value}
    </ClipboardCopy>
  );
}
