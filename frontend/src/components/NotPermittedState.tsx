import { EmptyState, EmptyStateBody, type EmptyStateProps } from '@patternfly/react-core';
import { LockIcon } from '@patternfly/react-icons';

import { askAnAdmin, useTeamAdmins } from './teamAdmins';

export interface NotPermittedStateProps {
  title?: string;
  /** Replaces the sentence naming the admins who can grant access. */
  message?: string;
  headingLevel?: EmptyStateProps['headingLevel'];
}

/** What a whole screen shows when the signed-in user's rights do not cover it: who can grant them. */
export function NotPermittedState({ title = 'Not permitted', message, headingLevel = 'h2' }: NotPermittedStateProps) {
  return (
    <EmptyState titleText={title} headingLevel={headingLevel} icon={LockIcon} variant="lg">
      <EmptyStateBody>{message ?? <AskAnAdmin lead="Your user does not have access to this area." />}</EmptyStateBody>
    </EmptyState>
  );
}

/** "{lead} Ask an admin (Jane Doe, jane@example.com) to grant you access in Account Settings › Users." */
export function AskAnAdmin({ lead }: { lead: string }) {
  const team = useTeamAdmins();
  return (
    <>
      {lead} {askAnAdmin(team?.admins ?? [], team?.total)}
    </>
  );
}
