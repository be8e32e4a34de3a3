import {
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  ExpandableSection,
  Flex,
  FlexItem,
  FormSelect,
  FormSelectOption,
  Label,
  Stack,
  StackItem,
  Title,
  ToolbarItem,
} from '@patternfly/react-core';
import { DownloadIcon } from '@patternfly/react-icons';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useMemo, useState, type ReactNode } from 'react';
import { useQuery, useSubscription } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { saveFile } from '../../components/saveFile';
import { nodes } from '../../graphql/connection';
import type { AnalyticsGranularity, MetricWhereInput } from '../../gql/graphql';
import { analyticsMetricsQuery, liveUsageSubscription, usageSeriesQuery } from '../queries';
import {
  customRangeError,
  defaultMetric,
  metricLabel,
  pluralUnit,
  rangeProblem,
  defaultRange,
  formatChange,
  formatCount,
  pointLabel,
  rangeInput,
  timeFrame,
  type RangeChoice,
} from '../range';
import { LatencyPanel } from './LatencyPanel';
import { RangeToolbar } from './RangeToolbar';
import { UsageChart, type ChartLimit } from './UsageChart';

/** Exactly one of these is set: whose traffic the panel shows. */
export interface TrafficOwner {
  productID?: string;
  backendID?: string;
  applicationID?: string;
}

export interface TrafficPanelProps {
  owner: TrafficOwner;
  /** The metrics and methods offered in the picker. */
  metricsWhere: MetricWhereInput;
  /** Used in the CSV file name. */
  name: string;
  /** What to do when there is no traffic yet. */
  emptyHint: ReactNode;
  /** Lines to draw over a metric's series at a granularity (an application's limits). */
  limitsFor?: (metricId: string, granularity: AnalyticsGranularity) => ChartLimit[];
  initialFrame?: RangeChoice['frame'];
  /** A heading inside the card, for a panel among others on a page. */
  title?: string;
  /** Keep the series of a named time frame up to date while shown (a product's or application's). */
  live?: boolean;
  /** Show the response times of the same time frame below the traffic (a product's or application's). */
  latency?: boolean;
}

/** Seconds between two live updates. */
export const LIVE_INTERVAL_SECONDS = 5;

function fileName(...parts: string[]) {
  return `${parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '_')}.csv`;
}

/** A metric picker, a time frame, the chart of the series, its total with the change, and its CSV. */
export function TrafficPanel({
  owner,
  metricsWhere,
  name,
  emptyHint,
  limitsFor,
  initialFrame = '30d',
  title,
  live = false,
  latency = false,
}: TrafficPanelProps) {
  const [choice, setChoice] = useState<RangeChoice>(() => defaultRange(initialFrame));
  const [picked, setPicked] = useState<string>();
  const [metricsResult, refetchMetrics] = useQuery({ query: analyticsMetricsQuery, variables: { where: metricsWhere } });
  const metrics = useMemo(() => nodes(metricsResult.data?.metrics), [metricsResult.data]);
  const parents = useMemo(() => metrics.filter((metric) => !metric.parentID), [metrics]);
  const metricId = picked ?? defaultMetric(metrics)?.id;
  const metric = metrics.find((candidate) => candidate.id === metricId);
  const invalid = customRangeError(choice);
  const range = useMemo(() => rangeInput(choice), [choice]);
  const latencyOwner = useMemo(
    () => ({ productID: owner.productID, applicationID: owner.applicationID }),
    [owner.productID, owner.applicationID],
  );
  const [{ data, fetching, error }, refetch] = useQuery({
    query: usageSeriesQuery,
    variables: { ...owner, metric: metricId ?? '', range, compare: true },
    pause: !metricId || Boolean(invalid),
  });
  const isLive = live && !owner.backendID && Boolean(timeFrame(choice.frame).period);
  const [{ data: liveData }] = useSubscription({
    query: liveUsageSubscription,
    variables: {
      productID: owner.productID,
      applicationID: owner.applicationID,
      metric: metricId ?? '',
      range,
      intervalSeconds: LIVE_INTERVAL_SECONDS,
    },
    pause: !isLive || !metricId || Boolean(invalid) || !data,
  });

  if (metricsResult.error) return <ErrorState error={metricsResult.error} onRetry={() => refetchMetrics({ requestPolicy: 'network-only' })} />;
  if (metricsResult.fetching && !metricsResult.data) return <LoadingState label="Loading metrics…" />;
  if (!metrics.length) {
    return (
      <BlankState title="No metrics to chart">
        Traffic is counted in metrics and methods. Add one under Methods &amp; Metrics, then send calls.
      </BlankState>
    );
  }

  // The live series replaces the points and total of the loaded one (of the same granularity); the
  // change stays the loaded one's.
  const latest = isLive ? liveData?.liveUsage : undefined;
  const loaded = data?.usageSeries;
  const series = loaded && latest && latest.granularity === loaded.granularity ? { ...loaded, ...latest } : loaded;
  const unit = series?.metric?.unit || metric?.unit || 'hits';
  const frame = timeFrame(choice.frame);

  let body: ReactNode;
  if (invalid) body = <Alert variant="warning" isInline isPlain title={invalid} />;
  else if (rangeProblem(error)) body = <Alert variant="warning" isInline title="Portico cannot show this time frame">{rangeProblem(error)}</Alert>;
  else if (error) body = <ErrorState error={error} title="Could not load the traffic" onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (!series) body = <LoadingState label="Loading traffic…" />;
  else if (series.total === 0 && !series.previousTotal) {
    body = (
      <BlankState title="No traffic yet">
        {emptyHint}
      </BlankState>
    );
  } else {
    body = (
      <Stack hasGutter>
        <StackItem>
          <UsageChart
            title={`${metric?.friendlyName ?? 'Usage'}, ${frame.label.toLowerCase()}`}
            points={series.points}
            granularity={series.granularity}
            timeZone={series.timeZone}
            unit={unit}
            limits={metricId && limitsFor ? limitsFor(metricId, series.granularity) : []}
          />
        </StackItem>
        <StackItem>
          <ExpandableSection toggleTextCollapsed="Show the points" toggleTextExpanded="Hide the points">
            <Table aria-label="Points" variant="compact">
              <Thead>
                <Tr>
                  <Th>From</Th>
                  <Th modifier="fitContent">{metric?.friendlyName ?? 'Value'}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {series.points.map((point) => (
                  <Tr key={point.start}>
                    <Td dataLabel="From">{pointLabel(point.start, series.granularity, series.timeZone)}</Td>
                    <Td dataLabel="Value">{formatCount(point.value)}</Td>
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
    <Card>
      {title ? (
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            {title}
          </Title>
        </CardTitle>
      ) : null}
      <CardBody>
        <RangeToolbar
          choice={choice}
          onChange={setChoice}
          actions={
            <Button
              variant="secondary"
              icon={<DownloadIcon />}
              isDisabled={!series || fetching || Boolean(invalid) || Boolean(error)}
              onClick={() => series && saveFile(series.csv, fileName(name, metric?.systemName ?? 'usage', series.since.slice(0, 10)))}
            >
              Download CSV
            </Button>
          }
        >
          <ToolbarItem>
            <FormSelect aria-label="Metric or method" style={{ minWidth: '12rem' }} value={metricId} onChange={(_event, value) => setPicked(value)}>
              {parents.map((parent) => [
                <FormSelectOption key={parent.id} value={parent.id} label={metricLabel(parent)} />,
                ...metrics
                  .filter((child) => child.parentID === parent.id)
                  .map((child) => <FormSelectOption key={child.id} value={child.id} label={`\u00a0\u00a0\u00a0${child.friendlyName}`} />),
              ])}
            </FormSelect>
          </ToolbarItem>
        </RangeToolbar>
        {series && !invalid && !error ? (
          <Flex spaceItems={{ default: 'spaceItemsLg' }} alignItems={{ default: 'alignItemsCenter' }} className="pf-v6-u-mb-md">
            <FlexItem>
              <Title headingLevel="h2" size="2xl" aria-label="Total">
                {formatCount(series.total)} {pluralUnit(unit, series.total)}
              </Title>
            </FlexItem>
            {series.change != null && series.previousTotal != null ? (
              <FlexItem>
                <Label color={series.change > 0 ? 'green' : series.change < 0 ? 'red' : 'grey'}>
                  {formatChange(series.change)}
                </Label>{' '}
                compared with {frame.previous} ({formatCount(series.previousTotal)})
              </FlexItem>
            ) : null}
            <FlexItem className="pf-v6-u-color-200">Times in {series.timeZone}</FlexItem>
            {isLive ? (
              <FlexItem>
                <Label color="blue" isCompact>
                  Live: updated every {LIVE_INTERVAL_SECONDS} s
                </Label>
              </FlexItem>
            ) : null}
          </Flex>
        ) : null}
        {body}
        {latency && !owner.backendID && !invalid && !rangeProblem(error) ? (
          <LatencyPanel owner={latencyOwner} range={range} />
        ) : null}
      </CardBody>
    </Card>
  );
}
