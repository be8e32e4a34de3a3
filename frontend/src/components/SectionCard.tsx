import { Card, CardBody, CardHeader, CardTitle, Title } from '@patternfly/react-core';
import type { ReactNode } from 'react';

/** A titled card below a details page's description list: "Applications (3)", "Team". */
export function SectionCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card className="pf-v6-u-mt-lg">
      <CardHeader>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            {title}
          </Title>
        </CardTitle>
      </CardHeader>
      <CardBody>{children}</CardBody>
    </Card>
  );
}
