import { Label, PageSection } from '@patternfly/react-core';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ListTable } from '../../components/ListTable';
import type { MappingRuleWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { mappingRulesQuery } from '../queries';

/** The mapping rules of a product or backend, in the order they are matched. */
export function MappingRulesTable({ owner }: { owner: { productID: string } | { backendID: string } }) {
  const where: MappingRuleWhereInput = owner;
  const [{ data, fetching, error }, refetch] = useQuery({ query: mappingRulesQuery, variables: { where } });

  return (
    <PageSection isFilled>
      <ListTable
        label="Mapping rules"
        rows={data ? nodes(data.mappingRules) : undefined}
        fetching={fetching}
        error={error}
        onRetry={() => refetch({ requestPolicy: 'network-only' })}
        empty={
          <BlankState title="No mapping rules yet">
            Mapping rules match request paths and count them against a method or metric.
          </BlankState>
        }
        columns={[
          { title: 'Verb', width: 10, cell: (rule) => <Label isCompact>{rule.httpMethod}</Label> },
          { title: 'Pattern', width: 40, cell: (rule) => <code>{rule.pattern}</code> },
          { title: '+', width: 10, cell: (rule) => rule.delta },
          { title: 'Metric or method', cell: (rule) => rule.metric.friendlyName },
          { title: 'Last?', width: 10, cell: (rule) => (rule.last ? 'Yes' : 'No') },
          { title: 'Position', width: 10, cell: (rule) => rule.position },
        ]}
      />
    </PageSection>
  );
}
