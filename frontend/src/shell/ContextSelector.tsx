import { Dropdown, DropdownItem, DropdownList, MenuToggle } from '@patternfly/react-core';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';

import { portalContexts, type ContextId, type PortalContext } from './navigation';

export interface ContextSelectorProps {
  current: ContextId;
  /** Replaces the context's name on the toggle, e.g. "Product: Echo API". */
  currentLabel?: ReactNode;
  /** The contexts offered; all but the master's by default. */
  contexts?: readonly PortalContext[];
}

/** The masthead menu that switches between Dashboard, Audience, Products, Backends and Account Settings. */
export function ContextSelector({ current, currentLabel, contexts = portalContexts }: ContextSelectorProps) {
  const [isOpen, setIsOpen] = useState(false);
  const navigate = useNavigate();
  const active = contexts.find((context) => context.id === current) ?? contexts[0]!;

  return (
    <Dropdown
      isOpen={isOpen}
      onOpenChange={setIsOpen}
      onSelect={(_event, value) => {
        setIsOpen(false);
        const target = contexts.find((context) => context.id === value);
        if (target) void navigate(target.to);
      }}
      shouldFocusToggleOnSelect
      toggle={(toggleRef) => (
        <MenuToggle
          ref={toggleRef}
          variant="plainText"
          isExpanded={isOpen}
          onClick={() => setIsOpen((open) => !open)}
          className="portico-context-toggle"
        >
          <span className="pf-v6-screen-reader">Context: </span>
          {currentLabel ?? active.label}
        </MenuToggle>
      )}
    >
      <DropdownList aria-label="Contexts">
        {contexts.map((context) => (
          <DropdownItem
            key={context.id}
            value={context.id}
            description={context.description}
            isSelected={context.id === current}
          >
            {context.label}
          </DropdownItem>
        ))}
      </DropdownList>
    </Dropdown>
  );
}
