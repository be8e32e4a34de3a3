import type { MetricWhereInput, UsageLimitPeriod } from '../../gql/graphql';

/** The metrics a plan of a product can limit and price: the product's own, and those of the backends it uses. */
export const planMetricsWhere = (productId: string): MetricWhereInput => ({
  or: [{ productID: productId }, { hasBackendWith: [{ hasUsagesWith: [{ productID: productId }] }] }],
});

export const periodOptions: { value: UsageLimitPeriod; label: string }[] = [
  { value: 'MINUTE', label: 'Minute' },
  { value: 'HOUR', label: 'Hour' },
  { value: 'DAY', label: 'Day' },
  { value: 'WEEK', label: 'Week' },
  { value: 'MONTH', label: 'Month' },
  { value: 'YEAR', label: 'Year' },
  { value: 'ETERNITY', label: 'Eternity' },
];

export const periodName = (period: UsageLimitPeriod) =>
  periodOptions.find((option) => option.value === period)?.label ?? period;
