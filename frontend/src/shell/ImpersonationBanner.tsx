import { Banner, Button, Flex } from '@patternfly/react-core';
import { UserSecretIcon } from '@patternfly/react-icons';

import { useLogout } from '../auth/useLogout';

/**
 * Says on every screen that a master user is acting as this tenant's admin, and ends it: logging out
 * ends the impersonation session.
 */
export function ImpersonationBanner({ impersonator, displayName }: { impersonator: string; displayName?: string | null }) {
  const end = useLogout();

  return (
    <Banner color="orange" isSticky role="status" aria-label="Impersonation">
      <Flex gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsCenter' }} justifyContent={{ default: 'justifyContentCenter' }}>
        <UserSecretIcon aria-hidden />
        <span>
          You are acting as <strong>{displayName || 'this admin'}</strong>, impersonated by <strong>{impersonator}</strong> of the master
          account. The audit log records every change with your name.
        </span>
        <Button variant="link" isInline onClick={() => void end()}>
          End impersonation
        </Button>
      </Flex>
    </Banner>
  );
}
