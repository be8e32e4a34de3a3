import { Label, type LabelProps } from '@patternfly/react-core';

import type { ProductState } from '../../gql/graphql';

const presentation: Record<ProductState, { text: string; status?: LabelProps['status']; color?: LabelProps['color'] }> = {
  INCOMPLETE: { text: 'Incomplete', status: 'warning' },
  HIDDEN: { text: 'Hidden', color: 'grey' },
  OFFLINE: { text: 'Offline', color: 'grey' },
  PUBLISHED: { text: 'Published', status: 'success' },
  DEPRECATED: { text: 'Deprecated', status: 'warning' },
};

/**
 * A product's state. An incomplete product whose applications already send traffic is not flagged
 * as a warning: the gateway serves it, only the production configuration is missing.
 */
export function ProductStateLabel({ state, serving = false }: { state: ProductState; serving?: boolean }) {
  const { text, status, color } = state === 'INCOMPLETE' && serving ? { text: 'Incomplete', status: undefined, color: 'grey' as const } : presentation[state];
  return (
    <Label isCompact status={status} color={color} variant="outline">
      {text}
    </Label>
  );
}
