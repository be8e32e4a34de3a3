import { Timestamp, TimestampFormat } from '@patternfly/react-core';

/** A date and time from the API (RFC 3339), or a dash when there is none. */
export function DateTime({ value, withTime = false }: { value: string | null | undefined; withTime?: boolean }) {
  if (!value) return <>—</>;
  return (
    <Timestamp
      date={new Date(value)}
      dateFormat={TimestampFormat.medium}
      timeFormat={withTime ? TimestampFormat.short : undefined}
    />
  );
}
