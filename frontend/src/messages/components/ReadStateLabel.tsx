import { Label } from '@patternfly/react-core';

/** Whether an inbox entry was read: unread ones stand out. */
export function ReadStateLabel({ readAt }: { readAt: string | null | undefined }) {
  return readAt ? (
    <Label isCompact variant="outline" color="grey">
      Read
    </Label>
  ) : (
    <Label isCompact color="blue">
      Unread
    </Label>
  );
}
