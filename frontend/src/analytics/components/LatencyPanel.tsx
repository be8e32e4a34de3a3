import {
  Alert,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  ExpandableSection,
  Stack,
  StackItem,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useId, useMemo, type ReactNode } from 'react';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import type { AnalyticsRangeInput } from '../../gql/graphql';
import { latencyRange, percentiles } from '../latency';
import { latencySeriesQuery } from '../queries';
import { formatCount, formatMs, pointLabel, rangeProblem } from '../range';
import { LatencyChart } from './LatencyChart';

export interface LatencyPanelProps {
  /** Exactly one: the product or application whose response times are shown. */
  owner: { productID?: string; applicationID?: string };
  /** The traffic's time frame (a range by minute is shown by hour). */
  range: AnalyticsRangeInput;
}

function ms(value: number | null | undefined): string {
  return value == null ? '–' : formatMs(value);
}

/** The p50, p95 and p99 response times that gateways reported, beside the traffic of the same time frame. */
export function LatencyPanel({ owner, range }: LatencyPanelProps) {
  const variables = useMemo(() => ({ ...owner, range: latencyRange(range) }), [owner, range]);
  const [{ data, error }, refetch] = useQuery({ query: latencySeriesQuery, variables });
  const series = data?.latencySeries;
  const headingId = useId();

  let body: ReactNode;
  if (rangeProblem(error)) body = <Alert variant="warning" isInline title="Portico cannot show this time frame">{rangeProblem(error)}</Alert>;
  else if (error) body = <ErrorState error={error} title="Could not load the response times" onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (!series) body = <LoadingState label="Loading response times…" />;
  else if (series.count === 0) {
    body = (
      <BlankState title="No response times reported yet" headingLevel="h4" size="sm">
        No response times reported yet: gateways send <code>log[response_time]</code> (in milliseconds) with{' '}
        <code>/transactions/authrep.xml</code>, or <code>transactions[i][log][response_time]</code> with each transaction
        of a report, and Portico keeps their median, 95th and 99th percentiles per hour.
      </BlankState>
    );
  } else {
    body = (
      <Stack hasGutter>
        <StackItem>
          <DescriptionList isCompact isHorizontal isAutoFit aria-label="Response times of the time frame">
            {percentiles.map((p) => (
              <DescriptionListGroup key={p.key}>
                <DescriptionListTerm>{p.label}</DescriptionListTerm>
                <DescriptionListDescription>{ms(series[p.key])}</DescriptionListDescription>
              </DescriptionListGroup>
            ))}
            <DescriptionListGroup>
              <DescriptionListTerm>Calls timed</DescriptionListTerm>
              <DescriptionListDescription>{formatCount(series.count)}</DescriptionListDescription>
            </DescriptionListGroup>
          </DescriptionList>
        </StackItem>
        <StackItem>
          <LatencyChart title="Response times" points={series.points} granularity={series.granularity} timeZone={series.timeZone} />
        </StackItem>
        <StackItem>
          <ExpandableSection toggleTextCollapsed="Show the response times" toggleTextExpanded="Hide the response times">
            <Table aria-label="Response times per point" variant="compact">
              <Thead>
                <Tr>
                  <Th>From</Th>
                  <Th modifier="fitContent">Calls</Th>
                  <Th modifier="fitContent">p50</Th>
                  <Th modifier="fitContent">p95</Th>
                  <Th modifier="fitContent">p99</Th>
                </Tr>
              </Thead>
              <Tbody>
                {series.points.map((point) => (
                  <Tr key={point.start}>
                    <Td dataLabel="From">{pointLabel(point.start, series.granularity, series.timeZone)}</Td>
                    <Td dataLabel="Calls">{formatCount(point.count)}</Td>
                    <Td dataLabel="p50">{ms(point.p50)}</Td>
                    <Td dataLabel="p95">{ms(point.p95)}</Td>
                    <Td dataLabel="p99">{ms(point.p99)}</Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </ExpandableSection>
        </StackItem>
      </Stack>
    );
  }

  return (
    <section aria-labelledby={headingId} className="pf-v6-u-mt-lg">
      <Title headingLevel="h3" size="lg" id={headingId} className="pf-v6-u-mb-sm">
        Response times
      </Title>
      {body}
    </section>
  );
}
