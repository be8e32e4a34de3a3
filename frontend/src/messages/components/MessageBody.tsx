import { Card, CardBody, CardTitle } from '@patternfly/react-core';

/** The text of a message, as written: line breaks kept, long words wrapped. */
export function MessageBody({ body }: { body: string }) {
  return (
    <Card className="pf-v6-u-mt-lg">
      <CardTitle component="h2">Message</CardTitle>
      <CardBody>
        <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{body}</div>
      </CardBody>
    </Card>
  );
}
