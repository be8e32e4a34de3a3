import { useCallback, useMemo } from 'react';
import { useQuery } from 'urql';

import type { AnalyticsGranularity, UsageLimitPeriod } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { applicationLimitsQuery, productMetricsWhere } from '../queries';
import { TrafficPanel } from './TrafficPanel';
import type { ChartLimit } from './UsageChart';

/** The limit periods a point of each granularity can be compared with. */
const periodOf: Partial<Record<AnalyticsGranularity, UsageLimitPeriod>> = {
  MINUTE: 'MINUTE',
  HOUR: 'HOUR',
  DAY: 'DAY',
  MONTH: 'MONTH',
};

const periodLabels: Record<UsageLimitPeriod, string> = {
  MINUTE: 'Per minute',
  HOUR: 'Per hour',
  DAY: 'Per day',
  WEEK: 'Per week',
  MONTH: 'Per month',
  YEAR: 'Per year',
  ETERNITY: 'In all',
};

export interface ApplicationUsageCardProps {
  application: { id: string; name: string; userKey?: string | null; appID?: string | null; product: { id: string }; plan: { id: string } };
}

/**
 * An application's usage per metric, with its plan's limits as lines where the granularity matches their
 * period, kept up to date live.
 */
export function ApplicationUsageCard({ application }: ApplicationUsageCardProps) {
  const [{ data }] = useQuery({ query: applicationLimitsQuery, variables: { planId: application.plan.id } });
  const limits = useMemo(() => nodes(data?.usageLimits), [data]);
  const owner = useMemo(() => ({ applicationID: application.id }), [application.id]);
  const where = useMemo(() => productMetricsWhere(application.product.id), [application.product.id]);
  const limitsFor = useCallback(
    (metricId: string, granularity: AnalyticsGranularity): ChartLimit[] =>
      limits
        .filter((limit) => limit.metric.id === metricId && limit.period === periodOf[granularity])
        .map((limit) => ({ label: `Limit ${periodLabels[limit.period].toLowerCase()}`, value: limit.value })),
    [limits],
  );
  const credential = application.userKey ? `user_key=${application.userKey}` : application.appID ? `app_id=${application.appID}` : 'its credentials';
  return (
    <TrafficPanel
      title="Usage"
      owner={owner}
      metricsWhere={where}
      name={application.name}
      initialFrame="24h"
      limitsFor={limitsFor}
      live
      latency
      emptyHint={
        <>
          No traffic yet: send a call to the product&apos;s APIcast with <code>{credential}</code>, or report usage for this
          application through the Service Management API.
        </>
      }
    />
  );
}
