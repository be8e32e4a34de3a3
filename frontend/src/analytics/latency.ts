import type { AnalyticsRangeInput } from '../gql/graphql';

/** The percentiles a latency chart draws, lowest first, with their PatternFly chart colours. */
export const percentiles = [
  { key: 'p50', label: 'p50 (median)', color: '#0066cc' },
  { key: 'p95', label: 'p95', color: '#f0ab00' },
  { key: 'p99', label: 'p99', color: '#c9190b' },
] as const;

/** The time frame of the response times beside a traffic series of `range`: they are kept by hour, so a range by minute is shown by hour. */
export function latencyRange(range: AnalyticsRangeInput): AnalyticsRangeInput {
  return range.granularity === 'MINUTE' || range.granularity === 'ETERNITY' ? { ...range, granularity: 'HOUR' } : range;
}
