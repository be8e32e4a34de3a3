import {
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  type EmptyStateProps,
} from '@patternfly/react-core';
import { CubesIcon, SearchIcon } from '@patternfly/react-icons';
import type { ComponentType, ReactNode } from 'react';

export interface BlankStateProps {
  title: string;
  children?: ReactNode;
  /** Primary and secondary actions, e.g. a "Create product" button. */
  actions?: ReactNode;
  icon?: ComponentType;
  /** "noResults" is for a filter that matched nothing, rather than an empty list. */
  variant?: 'empty' | 'noResults';
  headingLevel?: EmptyStateProps['headingLevel'];
  size?: EmptyStateProps['variant'];
}

/** What a screen or table shows when there is nothing to list yet. */
export function BlankState({
  title,
  children,
  actions,
  icon,
  variant = 'empty',
  headingLevel = 'h2',
  size = 'lg',
}: BlankStateProps) {
  return (
    <EmptyState
      titleText={title}
      headingLevel={headingLevel}
      icon={icon ?? (variant === 'noResults' ? SearchIcon : CubesIcon)}
      variant={size}
    >
      {children ? <EmptyStateBody>{children}</EmptyStateBody> : null}
      {actions ? (
        <EmptyStateFooter>
          <EmptyStateActions>{actions}</EmptyStateActions>
        </EmptyStateFooter>
      ) : null}
    </EmptyState>
  );
}
