import {
  Chart,
  ChartAxis,
  ChartBar,
  ChartGroup,
  ChartThreshold,
  ChartVoronoiContainer,
} from '@patternfly/react-charts/victory';

import type { AnalyticsGranularity } from '../../gql/graphql';
import { countTicks, formatCount, pluralUnit, pointLabel } from '../range';
import { useWidth } from './useWidth';

export interface ChartLimit {
  label: string;
  value: number;
}

export interface UsageChartProps {
  title: string;
  points: readonly { start: string; value: number }[];
  granularity: AnalyticsGranularity;
  timeZone: string;
  unit?: string;
  /** Drawn as horizontal lines, e.g. the limits of the application's plan. */
  limits?: readonly ChartLimit[];
}

const thresholdColors = ['#c9190b', '#f0ab00', '#5752d1', '#009596'];

/** A bar chart of a usage series, with its limits as dashed lines. */
export function UsageChart({ title, points, granularity, timeZone, unit = 'hits', limits = [] }: UsageChartProps) {
  const [ref, width] = useWidth(900);
  const data = points.map((point, index) => ({
    x: index,
    y: point.value,
    name: `${pointLabel(point.start, granularity, timeZone)}: ${formatCount(point.value)} ${pluralUnit(unit, point.value)}`,
  }));
  const total = points.reduce((sum, point) => sum + point.value, 0);
  const highest = Math.max(1, ...points.map((point) => point.value), ...limits.map((limit) => limit.value));
  const ticks = Math.min(points.length, Math.max(2, Math.floor(width / 110)));
  const step = Math.max(1, Math.ceil(points.length / ticks));
  const tickValues = data.filter((_, index) => index % step === 0).map((point) => point.x);
  return (
    <div ref={ref} className="portico-usage-chart" style={{ height: 320, width: '100%' }}>
      <Chart
        ariaTitle={title}
        ariaDesc={`${points.length} points, ${formatCount(total)} ${pluralUnit(unit, total)} in all`}
        containerComponent={
          <ChartVoronoiContainer
            voronoiDimension="x"
            constrainToVisibleArea
            voronoiBlacklist={limits.map((_, index) => `limit-${index}`)}
            labels={({ datum }: { datum: { name?: string } }) => datum.name ?? ''}
          />
        }
        domain={{ y: [0, highest * 1.1] }}
        domainPadding={{ x: [12, 12] }}
        height={320}
        width={width}
        padding={{ top: 24, bottom: 56, left: 72, right: 24 }}
        legendData={
          limits.length
            ? limits.map((limit, index) => ({
                name: `${limit.label}: ${formatCount(limit.value)}`,
                symbol: { fill: thresholdColors[index % thresholdColors.length], type: 'threshold' },
              }))
            : undefined
        }
        legendPosition="bottom-left"
      >
        <ChartAxis
          tickValues={tickValues}
          tickFormat={(x: number) => (points[x] ? pointLabel(points[x].start, granularity, timeZone) : '')}
        />
        <ChartAxis dependentAxis showGrid tickValues={countTicks(highest * 1.1)} tickFormat={(y: number) => formatCount(y)} />
        <ChartGroup>
          <ChartBar data={data} barRatio={0.8} />
        </ChartGroup>
        {limits.map((limit, index) => (
          <ChartThreshold
            key={limit.label}
            name={`limit-${index}`}
            data={[
              { x: 0, y: limit.value },
              { x: Math.max(0, points.length - 1), y: limit.value },
            ]}
            style={{ data: { stroke: thresholdColors[index % thresholdColors.length], strokeDasharray: '6,4', strokeWidth: 2 } }}
          />
        ))}
      </Chart>
    </div>
  );
}
