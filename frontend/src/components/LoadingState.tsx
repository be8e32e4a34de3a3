import { Bullseye, Spinner } from '@patternfly/react-core';

export interface LoadingStateProps {
  /** Read by screen readers while the content loads. */
  label?: string;
  /** Fill the viewport (used before the shell exists). */
  fullPage?: boolean;
}

/** A centred spinner for content that is on its way. */
export function LoadingState({ label = 'Loading…', fullPage = false }: LoadingStateProps) {
  return (
    <Bullseye
      className={fullPage ? 'portico-full-page' : 'pf-v6-u-p-2xl'}
      role="status"
      aria-live="polite"
      aria-busy="true"
    >
      <Spinner size="xl" aria-label={label} />
      <span className="pf-v6-screen-reader">{label}</span>
    </Bullseye>
  );
}
