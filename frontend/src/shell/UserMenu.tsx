import { Divider, Dropdown, DropdownItem, DropdownList, MenuToggle } from '@patternfly/react-core';
import { UserIcon } from '@patternfly/react-icons';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { useAuth } from '../auth/AuthProvider';
import { loginPath } from '../auth/urls';
import { useNotifyError } from '../components/Notifications';
import { personalDetailsPath, tokensPath } from '../settings/urls';

export interface UserMenuProps {
  /** Shown on the toggle once known; a neutral label until then. */
  displayName?: string | null;
}

export function UserMenu({ displayName }: UserMenuProps) {
  const [isOpen, setIsOpen] = useState(false);
  const navigate = useNavigate();
  const { session } = useAuth();
  const notifyError = useNotifyError();

  async function logout() {
    try {
      await session.logout();
    } catch {
      notifyError('Could not end the session on the server', 'You are logged out of this browser.');
    }
    void navigate(loginPath, { replace: true });
  }

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
