import { Label } from '@patternfly/react-core';

/** Whether developers see an ActiveDoc. */
export function PublishedLabel({ published }: { published: boolean }) {
  return published ? (
    <Label color="green" isCompact>
      Published
    </Label>
  ) : (
    <Label color="grey" isCompact>
      Hidden
    </Label>
  );
}
