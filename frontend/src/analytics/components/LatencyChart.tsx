import { Chart, ChartAxis, ChartGroup, ChartLine, ChartScatter, ChartVoronoiContainer } from '@patternfly/react-charts/victory';

import type { AnalyticsGranularity } from '../../gql/graphql';
import { percentiles } from '../latency';
import { formatMs, pointLabel } from '../range';
import { useWidth } from './useWidth';

export interface LatencyPoint {
  start: string;
  count: number;
  p50?: number | null;
  p95?: number | null;
  p99?: number | null;
}

export interface LatencyChartProps {
  title: string;
  points: readonly LatencyPoint[];
  granularity: AnalyticsGranularity;
  timeZone: string;
}

/** Lines of a latency series' p50, p95 and p99 per point; a point without response times is a gap. */
export function LatencyChart({ title, points, granularity, timeZone }: LatencyChartProps) {
  const [ref, width] = useWidth(900);
  const highest = Math.max(1, ...points.flatMap((point) => [point.p50 ?? 0, point.p95 ?? 0, point.p99 ?? 0]));
  const ticks = Math.min(points.length, Math.max(2, Math.floor(width / 110)));
  const step = Math.max(1, Math.ceil(points.length / ticks));
  const tickValues = points.map((_, index) => index).filter((index) => index % step === 0);
  const timed = points.filter((point) => point.count > 0).length;
  return (
    <div ref={ref} className="portico-latency-chart" style={{ height: 280, width: '100%' }}>
      <Chart
        ariaTitle={title}
        ariaDesc={`${points.length} points, ${timed} with response times`}
        containerComponent={
          <ChartVoronoiContainer
            voronoiDimension="x"
            constrainToVisibleArea
            labels={({ datum }: { datum: { name?: string } }) => datum.name ?? ''}
          />
        }
        domain={{ y: [0, highest * 1.1] }}
        domainPadding={{ x: [12, 12] }}
        height={280}
        width={width}
        padding={{ top: 24, bottom: 64, left: 80, right: 24 }}
        legendData={percentiles.map((p) => ({ name: p.label, symbol: { fill: p.color } }))}
        legendPosition="bottom-left"
      >
        <ChartAxis
          tickValues={tickValues}
          tickFormat={(x: number) => (points[x] ? pointLabel(points[x].start, granularity, timeZone) : '')}
        />
        <ChartAxis dependentAxis showGrid tickFormat={(y: number) => formatMs(y)} />
        <ChartGroup>
          {percentiles.map((p) => (
            <ChartLine
              key={p.key}
              name={p.key}
              data={points.map((point, index) => ({ x: index, y: point[p.key] ?? null }))}
              style={{ data: { stroke: p.color, strokeWidth: 2 } }}
            />
          ))}
        </ChartGroup>
        {/* A dot per point with response times: a point between two without any is no line. */}
        {percentiles.map((p) => (
          <ChartScatter
            key={`${p.key}-points`}
            name={`${p.key}-points`}
            size={3}
            data={points.flatMap((point, index) => {
              const value = point[p.key];
              return value == null
                ? []
                : [{ x: index, y: value, name: `${pointLabel(point.start, granularity, timeZone)} ${p.key}: ${formatMs(value)}` }];
            })}
            style={{ data: { fill: p.color } }}
          />
        ))}
      </Chart>
    </div>
  );
}
