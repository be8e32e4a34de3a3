import type { CombinedError } from 'urql';

import type { AnalyticsGranularity, AnalyticsPeriod, AnalyticsRangeInput } from '../gql/graphql';

export type TimeFrameId = '24h' | '7d' | '30d' | '12m' | 'custom';

export interface TimeFrame {
  id: TimeFrameId;
  label: string;
  /** What the previous period is called in "compared with …". */
  previous: string;
  period?: AnalyticsPeriod;
  granularities: AnalyticsGranularity[];
}

export const timeFrames: readonly TimeFrame[] = [
  { id: '24h', label: 'Last 24 hours', previous: 'the 24 hours before', period: 'DAY', granularities: ['HOUR', 'SIX_HOURS'] },
  { id: '7d', label: 'Last 7 days', previous: 'the 7 days before', period: 'WEEK', granularities: ['SIX_HOURS', 'HOUR', 'DAY'] },
  { id: '30d', label: 'Last 30 days', previous: 'the 30 days before', period: 'MONTH', granularities: ['DAY', 'SIX_HOURS', 'HOUR'] },
  { id: '12m', label: 'Last 12 months', previous: 'the 12 months before', period: 'YEAR', granularities: ['MONTH', 'DAY'] },
  {
    id: 'custom',
    label: 'Custom range',
    previous: 'the same length of time before',
    granularities: ['DAY', 'HOUR', 'SIX_HOURS', 'MONTH', 'MINUTE'],
  },
];

export const granularityLabels: Record<AnalyticsGranularity, string> = {
  MINUTE: 'Minute',
  HOUR: 'Hour',
  SIX_HOURS: '6 hours',
  DAY: 'Day',
  MONTH: 'Month',
  ETERNITY: 'All time',
};

export function timeFrame(id: TimeFrameId): TimeFrame {
  return timeFrames.find((frame) => frame.id === id) ?? timeFrames[2];
}

export interface RangeChoice {
  frame: TimeFrameId;
  granularity: AnalyticsGranularity;
  /** yyyy-mm-dd, for the custom range. */
  from: string;
  to: string;
}

/** The first day of a custom range that is not yet chosen: a week ago. */
export function isoDay(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

export function defaultRange(frame: TimeFrameId = '30d', now = new Date()): RangeChoice {
  return {
    frame,
    granularity: timeFrame(frame).granularities[0],
    from: isoDay(new Date(now.getTime() - 6 * 86_400_000)),
    to: isoDay(now),
  };
}

/** Why a custom range cannot be asked for, or undefined when it can. */
export function customRangeError(choice: RangeChoice): string | undefined {
  if (choice.frame !== 'custom') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(choice.from)) return 'Enter the first day of the range.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(choice.to)) return 'Enter the last day of the range.';
  if (choice.from > choice.to) return 'The first day must not be after the last day.';
  return undefined;
}

/**
 * The GraphQL range of a choice. A custom range runs from the start of its first day to the end of
 * its last day in the browser's zone; the server rounds both ends out in the tenant's zone.
 */
export function rangeInput(choice: RangeChoice): AnalyticsRangeInput {
  const frame = timeFrame(choice.frame);
  if (frame.period) return { period: frame.period, granularity: choice.granularity };
  if (customRangeError(choice)) return { granularity: choice.granularity };
  return {
    granularity: choice.granularity,
    since: new Date(`${choice.from}T00:00:00`).toISOString(),
    until: new Date(`${choice.to}T23:59:59`).toISOString(),
  };
}

/** The codes with which the API refuses a time frame; their messages say what to change. */
const rangeCodes = ['RANGE_TOO_LONG', 'UNSUPPORTED_GRANULARITY', 'SINCE_AFTER_UNTIL', 'UNKNOWN_TIME_ZONE', 'ETERNITY_GRANULARITY', 'UNKNOWN_METRIC', 'VALIDATION'];

/** The API's reason for refusing a time frame or metric, or undefined for any other error. */
export function rangeProblem(error: CombinedError | null | undefined): string | undefined {
  const refusal = error?.graphQLErrors.find((graphQLError) => rangeCodes.includes(String(graphQLError.extensions?.code)));
  if (!refusal) return undefined;
  const message = refusal.message.replace(/^input: /, '');
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** "+25 %", "−40 %", "0 %". */
export function formatChange(change: number): string {
  const rounded = Math.round(change * 10) / 10;
  if (rounded > 0) return `+${rounded.toLocaleString('en-US')} %`;
  if (rounded < 0) return `−${Math.abs(rounded).toLocaleString('en-US')} %`;
  return '0 %';
}

/** "hit" → "hits" for any count but one; units already plural or abbreviated ("ms", "KB") stay. */
export function pluralUnit(unit: string, count: number): string {
  if (count === 1 || !/^[a-z]+[^s]$/.test(unit)) return unit;
  return `${unit}s`;
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * Whole-number ticks from 0 up to top for an axis of counts, at most `most` of them, one
 * step of 1, 2, 2.5 or 5 times a power of ten apart (2.5 only from 25 up): a count axis
 * never repeats a label or shows half a hit.
 */
export function countTicks(top: number, most = 6): number[] {
  if (!(top > 0)) return [0];
  const wanted = top / Math.max(1, most - 1);
  let step = 1;
  for (let power = 1; step < wanted; power *= 10) {
    step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= wanted && Number.isInteger(s)) ?? 10 * power;
  }
  const ticks: number[] = [];
  for (let tick = 0; tick <= top; tick += step) ticks.push(tick);
  return ticks;
}

/** A response time: "0.42 ms", "4.2 ms", "120 ms", "1,250 ms". */
export function formatMs(value: number): string {
  const digits = value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits })} ms`;
}

/** The label of a point's start in the series' zone, as short as its granularity allows. */
export function pointLabel(start: string, granularity: AnalyticsGranularity, timeZone: string): string {
  const date = new Date(start);
  const options: Intl.DateTimeFormatOptions = { timeZone };
  switch (granularity) {
    case 'MINUTE':
    case 'HOUR':
    case 'SIX_HOURS':
      Object.assign(options, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      break;
    case 'DAY':
      Object.assign(options, { month: 'short', day: 'numeric' });
      break;
    default:
      Object.assign(options, { month: 'short', year: 'numeric' });
  }
  try {
    return new Intl.DateTimeFormat('en-GB', options).format(date);
  } catch {
    return start;
  }
}


/** A metric's name in a picker; a backend's metric names its backend. */
export function metricLabel(metric: { friendlyName: string; backend?: { name: string } | null }) {
  return metric.backend ? `${metric.friendlyName} (${metric.backend.name})` : metric.friendlyName;
}

/** The metric a screen opens with: the product's (or backend's) Hits. */
export function defaultMetric<T extends { systemName: string; backend?: unknown }>(metrics: readonly T[]): T | undefined {
  return metrics.find((m) => m.systemName === 'hits' && !m.backend) ?? metrics.find((m) => m.systemName === 'hits') ?? metrics[0];
}
