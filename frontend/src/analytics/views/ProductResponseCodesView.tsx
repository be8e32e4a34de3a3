import { Alert, Card, CardBody, CardTitle, Grid, GridItem, PageSection } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { ProductPage } from '../../products/components/ProductPage';
import { productTrafficUrl } from '../../products/urls';
import { RangeToolbar } from '../components/RangeToolbar';
import { responseCodesQuery } from '../queries';
import { customRangeError, rangeProblem, defaultRange, formatCount, rangeInput, type RangeChoice } from '../range';

function CodeTable({ label, rows, total }: { label: string; rows: readonly { code: string; value: number }[]; total: number }) {
  return (
    <Table aria-label={label} variant="compact">
      <Thead>
        <Tr>
          <Th>{label === 'Response classes' ? 'Class' : 'Code'}</Th>
          <Th modifier="fitContent">Responses</Th>
          <Th modifier="fitContent">Share</Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={row.code}>
            <Td dataLabel="Code">{row.code}</Td>
            <Td dataLabel="Responses">{formatCount(row.value)}</Td>
            <Td dataLabel="Share">{total ? `${Math.round((row.value / total) * 1000) / 10} %` : '—'}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

/** Products › a product › Analytics › Response Codes: what the API answered, by class and code. */
export function ProductResponseCodesView() {
  const { productId = '' } = useParams();
  const [choice, setChoice] = useState<RangeChoice>(() => defaultRange('30d'));
  const invalid = customRangeError(choice);
  const range = useMemo(() => rangeInput(choice), [choice]);
  const [{ data, error }, refetch] = useQuery({
    query: responseCodesQuery,
    variables: { productID: productId, range },
    pause: Boolean(invalid),
  });

  let body;
  if (invalid) body = <BlankState title={invalid} variant="noResults" />;
  else if (rangeProblem(error)) body = <Alert variant="warning" isInline title="Portico cannot show this time frame">{rangeProblem(error)}</Alert>;
  else if (error) body = <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (!data) body = <LoadingState label="Loading response codes…" />;
  else {
    const total = data.responseCodes.classes.reduce((sum, row) => sum + row.value, 0);
    body = total ? (
      <Grid hasGutter>
        <GridItem md={6}>
          <Card isPlain>
            <CardTitle component="h2">By class</CardTitle>
            <CardBody>
              <CodeTable label="Response classes" rows={data.responseCodes.classes} total={total} />
            </CardBody>
          </Card>
        </GridItem>
        <GridItem md={6}>
          <Card isPlain>
            <CardTitle component="h2">By code</CardTitle>
            <CardBody>
              <CodeTable label="Response codes" rows={data.responseCodes.codes} total={total} />
            </CardBody>
          </Card>
        </GridItem>
      </Grid>
    ) : (
      <BlankState title="No response codes yet">
        APIcast reports the code of every response when the product&apos;s gateway is configured to (Integration ›
        Settings), and any gateway can send <code>transactions[0][log][code]</code> with its reports.
      </BlankState>
    );
  }

  return (
    <ProductPage
      productId={productId}
      title="Response Codes"
      parent={{ label: 'Analytics', to: productTrafficUrl(productId) }}
      description="The responses of the product's API in a time frame, by class and exact code."
    >
      <PageSection isFilled>
        <Card>
          <CardBody>
            <RangeToolbar choice={choice} onChange={setChoice} withGranularity={false} />
            {body}
          </CardBody>
        </Card>
      </PageSection>
    </ProductPage>
  );
}
