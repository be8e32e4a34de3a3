import {
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  type EmptyStateProps,
} from '@patternfly/react-core';
import { ExclamationCircleIcon, SearchIcon } from '@patternfly/react-icons';
import type { CombinedError } from 'urql';

import { errorKind, errorMessage, type ErrorKind } from '../graphql/errors';
import { NotPermittedState } from './NotPermittedState';

export interface ErrorStateProps {
  /** The failed operation's error; its `extensions.code` picks the wording. */
  error?: CombinedError | null;
  /** Overrides the title derived from the error. */
  title?: string;
  /** Overrides the message derived from the error. */
  message?: string;
  onRetry?: () => void;
  headingLevel?: EmptyStateProps['headingLevel'];
}

const titles: Record<ErrorKind, string> = {
  NOT_FOUND: 'Not found',
  VALIDATION: 'Invalid request',
  CONFLICT: 'Conflict',
  FORBIDDEN: 'Access denied',
  UNAUTHENTICATED: 'Session ended',
  INTERNAL: 'Something went wrong',
  NETWORK: 'Portico is unreachable',
};

/** What a screen shows when its data could not be loaded. */
export function ErrorState({ error, title, message, onRetry, headingLevel = 'h2' }: ErrorStateProps) {
  const kind = errorKind(error) ?? 'INTERNAL';
  if (kind === 'FORBIDDEN') return <NotPermittedState title={title} message={message} headingLevel={headingLevel} />;
  const icon = kind === 'NOT_FOUND' ? SearchIcon : ExclamationCircleIcon;
  const retryable = kind === 'INTERNAL' || kind === 'NETWORK';
  return (
    <EmptyState
      titleText={title ?? titles[kind]}
      headingLevel={headingLevel}
      icon={icon}
      status={kind === 'NOT_FOUND' ? undefined : 'danger'}
      variant="lg"
    >
      <EmptyStateBody>{message ?? (error ? errorMessage(error) : titles.INTERNAL)}</EmptyStateBody>
      {onRetry && retryable ? (
        <EmptyStateFooter>
          <EmptyStateActions>
            <Button variant="primary" onClick={onRetry}>
              Try again
            </Button>
          </EmptyStateActions>
        </EmptyStateFooter>
      ) : null}
    </EmptyState>
  );
}
