import { Alert, Card, CardBody, FormSelect, FormSelectOption, PageSection, ToolbarItem } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';

import { applicationUrl } from '../../applications/urls';
import { BlankState } from '../../components/BlankState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { nodes } from '../../graphql/connection';
import { ProductPage } from '../../products/components/ProductPage';
import { productTrafficUrl } from '../../products/urls';
import { RangeToolbar } from '../components/RangeToolbar';
import { analyticsMetricsQuery, productMetricsWhere, topApplicationsQuery } from '../queries';
import { customRangeError, defaultMetric, metricLabel, rangeProblem, defaultRange, formatCount, rangeInput, type RangeChoice } from '../range';

/** Products › a product › Analytics › Top Applications: who uses a metric most over a time frame. */
export function ProductTopApplicationsView() {
  const { productId = '' } = useParams();
  const [choice, setChoice] = useState<RangeChoice>(() => defaultRange('30d'));
  const [picked, setPicked] = useState<string>();
  const where = useMemo(() => productMetricsWhere(productId), [productId]);
  const [metricsResult] = useQuery({ query: analyticsMetricsQuery, variables: { where } });
  const metrics = nodes(metricsResult.data?.metrics);
  const metricId = picked ?? defaultMetric(metrics)?.id;
  const metric = metrics.find((candidate) => candidate.id === metricId);
  const invalid = customRangeError(choice);
  const range = useMemo(() => rangeInput(choice), [choice]);
  const [{ data, error }, refetch] = useQuery({
    query: topApplicationsQuery,
    variables: { productID: productId, metric: metricId ?? '', range, limit: 10 },
    pause: !metricId || Boolean(invalid),
  });

  let body;
  if (metricsResult.error) body = <ErrorState error={metricsResult.error} />;
  else if (invalid) body = <BlankState title={invalid} variant="noResults" />;
  else if (rangeProblem(error)) body = <Alert variant="warning" isInline title="Portico cannot show this time frame">{rangeProblem(error)}</Alert>;
  else if (error) body = <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (!data) body = <LoadingState label="Loading top applications…" />;
  else if (!data.topApplications.applications.length) {
    body = (
      <BlankState title="No traffic yet">
        No application used {metric?.friendlyName ?? 'this metric'} in this time frame. Applications appear here once
        their calls are reported; see the product&apos;s <Link to={productTrafficUrl(productId)}>Traffic</Link>.
      </BlankState>
    );
  } else {
    body = (
      <Table aria-label="Top applications" variant="compact">
        <Thead>
          <Tr>
            <Th modifier="fitContent">Rank</Th>
            <Th>Application</Th>
            <Th>Account</Th>
            <Th modifier="fitContent">{metric?.friendlyName ?? 'Usage'}</Th>
          </Tr>
        </Thead>
        <Tbody>
          {data.topApplications.applications.map((row, index) => (
            <Tr key={row.application.id}>
              <Td dataLabel="Rank">{index + 1}</Td>
              <Td dataLabel="Application">
                <Link to={applicationUrl(row.application.id)}>{row.application.name}</Link>
              </Td>
              <Td dataLabel="Account">{row.application.account.orgName}</Td>
              <Td dataLabel="Usage">{formatCount(row.value)}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    );
  }

  return (
    <ProductPage
      productId={productId}
      title="Top Applications"
      parent={{ label: 'Analytics', to: productTrafficUrl(productId) }}
      description="The applications that used a metric or method most in a time frame."
    >
      <PageSection isFilled>
        <Card>
          <CardBody>
            <RangeToolbar choice={choice} onChange={setChoice} withGranularity={false}>
              <ToolbarItem>
                <FormSelect aria-label="Metric or method" style={{ minWidth: '12rem' }} value={metricId} onChange={(_event, value) => setPicked(value)}>
                  {metrics.map((option) => (
                    <FormSelectOption
                      key={option.id}
                      value={option.id}
                      label={option.parentID ? `\u00a0\u00a0\u00a0${option.friendlyName}` : metricLabel(option)}
                    />
                  ))}
                </FormSelect>
              </ToolbarItem>
            </RangeToolbar>
            {body}
          </CardBody>
        </Card>
      </PageSection>
    </ProductPage>
  );
}
