import { useMemo } from 'react';
import { useQuery } from 'urql';

import type { MappingRuleHttpMethod, MetricWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { metricChoicesQuery } from '../queries';

export const httpMethods: MappingRuleHttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT'];

/**
 * Metrics and methods matching `where` as select options, methods indented
 * under their metric, backend metrics named with their backend.
 */
export function useMetricOptions(where: MetricWhereInput) {
  const [{ data, fetching }] = useQuery({
    query: metricChoicesQuery,
    variables: { where },
    context: useMemo(() => ({ additionalTypenames: ['Metric'] }), []),
  });
  const options = useMemo(() => {
    const all = nodes(data?.metrics);
    const result: { value: string; label: string }[] = [];
    for (const metric of all.filter((candidate) => candidate.parentID === null)) {
      const backend = metric.backend ? ` · backend ${metric.backend.name}` : '';
      result.push({ value: metric.id, label: `${metric.friendlyName} (metric${backend})` });
      for (const method of all.filter((candidate) => candidate.parentID === metric.id)) {
        result.push({ value: method.id, label: `\u00a0\u00a0\u00a0${method.friendlyName} (method)` });
      }
    }
    return result;
  }, [data]);
  return { options, fetching };
}
