import { Divider, Dropdown, DropdownItem, DropdownList, MenuToggle } from '@patternfly/react-core';
import { UserIcon } from '@patternfly/react-icons';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { useLogout } from '../auth/useLogout';
import { personalDetailsPath, tokensPath } from '../settings/urls';

export interface UserMenuProps {
  /** Shown on the toggle once known; a neutral label until then. */
  displayName?: string | null;
}

export function UserMenu({ displayName }: UserMenuProps) {
  const [isOpen, setIsOpen] = useState(false);
  const navigate = useNavigate();
  const logout = useLogout();

  return (
    <Dropdown
      isOpen={isOpen}
      onOpenChange={setIsOpen}
      onSelect={() => setIsOpen(false)}
      popperProps={{ position: 'right' }}
      toggle={(toggleRef) => (
        <MenuToggle
          ref={toggleRef}
          variant="plainText"
          icon={<UserIcon />}
          isExpanded={isOpen}
          onClick={() => setIsOpen((open) => !open)}
        >
          {displayName ?? 'My account'}
        </MenuToggle>
      )}
    >
      <DropdownList>
        <DropdownItem value="details" onClick={() => void navigate(personalDetailsPath)}>
          Personal details
        </DropdownItem>
        <DropdownItem value="tokens" onClick={() => void navigate(tokensPath)}>
          Tokens
        </DropdownItem>
        <Divider component="li" />
        <DropdownItem value="logout" onClick={() => void logout()}>
          Log out
        </DropdownItem>
      </DropdownList>
    </Dropdown>
  );
}
