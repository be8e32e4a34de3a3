import { PageSection, Title } from '@patternfly/react-core';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ListTable, type ListColumn } from '../../components/ListTable';
import type { MetricWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { methodsMetricsQuery } from '../queries';

interface MetricRow {
  id: string;
  friendlyName: string;
  systemName: string;
  unit: string;
  description: string | null;
  parentID: string | null;
}

const columns: ListColumn<MetricRow>[] = [
  { title: 'Name', width: 25, cell: (metric) => metric.friendlyName },
  { title: 'System name', cell: (metric) => <code>{metric.systemName}</code> },
  { title: 'Unit', cell: (metric) => metric.unit },
  { title: 'Description', modifier: 'truncate', cell: (metric) => metric.description ?? '—' },
];

/** Methods (children of Hits) and top-level metrics of a product or backend. */
export function MethodsMetricsTables({ owner }: { owner: { productID: string } | { backendID: string } }) {
  const where: MetricWhereInput = owner;
  const [{ data, fetching, error }, refetch] = useQuery({ query: methodsMetricsQuery, variables: { where } });
  const all = data ? nodes(data.metrics) : undefined;
  const methods = all?.filter((metric) => metric.parentID !== null);
  const metrics = all?.filter((metric) => metric.parentID === null);
  const retry = () => refetch({ requestPolicy: 'network-only' });

  return (
    <PageSection isFilled>
      <Title headingLevel="h2" className="pf-v6-u-mb-sm">
        Methods
      </Title>
      <ListTable
        label="Methods"
        columns={columns}
        rows={methods}
        fetching={fetching}
        error={error}
        onRetry={retry}
        empty={
          <BlankState title="No methods yet" size="sm">
            Methods count calls to individual endpoints; each one adds to Hits.
          </BlankState>
        }
      />
      <Title headingLevel="h2" className="pf-v6-u-mt-xl pf-v6-u-mb-sm">
        Metrics
      </Title>
      <ListTable
        label="Metrics"
        columns={columns}
        rows={metrics}
        fetching={fetching}
        error={error}
        onRetry={retry}
        empty={
          <BlankState title="No metrics yet" size="sm">
            Metrics count usage in units of your choice, such as hits or megabytes.
          </BlankState>
        }
      />
    </PageSection>
  );
}
