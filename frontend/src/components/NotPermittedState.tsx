import { EmptyState, EmptyStateBody, type EmptyStateProps } from '@patternfly/react-core';
import { LockIcon } from '@patternfly/react-icons';

export interface NotPermittedStateProps {
  title?: string;
  message?: string;
  headingLevel?: EmptyStateProps['headingLevel'];
}

/** What a whole screen shows when the signed-in user's rights do not cover it. */
export function NotPermittedState({
  title = 'Not permitted',
  message = 'Your user does not have access to this area. Ask an admin of your Portico account to grant it in Account Settings › Users.',
  headingLevel = 'h2',
}: NotPermittedStateProps) {
  return (
    <EmptyState titleText={title} headingLevel={headingLevel} icon={LockIcon} variant="lg">
      <EmptyStateBody>{message}</EmptyStateBody>
    </EmptyState>
  );
}
