import { Label, type LabelProps } from '@patternfly/react-core';

import type { ProductState } from '../../gql/graphql';

const presentation: Record<ProductState, { text: string; status?: LabelProps['status']; color?: LabelProps['color'] }> = {
  INCOMPLETE: { text: 'Incomplete', status: 'warning' },
  HIDDEN: { text: 'Hidden', color: 'grey' },
  OFFLINE: { text: 'Offline', color: 'grey' },
  PUBLISHED: { text: 'Published', status: 'success' },
  DEPRECATED: { text: 'Deprecated', status: 'warning' },
};

export function ProductStateLabel({ state }: { state: ProductState }) {
  const { text, status, color } = presentation[state];
  return (
    <Label isCompact status={status} color={color} variant="outline">
      {text}
    </Label>
  );
}
