import {
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  DataList,
  DataListCell,
  DataListItem,
  DataListItemCells,
  DataListItemRow,
  Flex,
  FlexItem,
  Timestamp,
  TimestampFormat,
  Title,
} from '@patternfly/react-core';
import { Link } from 'react-router';

import { AccountStateLabel } from '../../accounts/components/AccountStateLabel';
import { accountsPath, accountUrl } from '../../accounts/urls';
import { applicationsPath } from '../../applications/urls';
import { BlankState } from '../../components/BlankState';
import type { AccountState } from '../../gql/graphql';

export interface AudienceCardProps {
  accounts: number;
  pendingAccounts: number;
  applications: number;
  pendingApplications: number;
  recentAccounts: { id: string; orgName: string; state: AccountState; createdAt: string }[];
}

function Figure({ value, label, to }: { value: number; label: string; to: string }) {
  return (
    <FlexItem className="portico-figure">
      <Link to={to}>
        <span className="portico-figure__value">{value.toLocaleString()}</span>
        <span className="portico-figure__label">{label}</span>
      </Link>
    </FlexItem>
  );
}

/** Developer accounts and applications at a glance, with the latest signups. */
export function AudienceCard(props: AudienceCardProps) {
  return (
    <Card isFullHeight>
      <CardHeader>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            Audience
          </Title>
        </CardTitle>
      </CardHeader>
      <CardBody>
        <Flex spaceItems={{ default: 'spaceItems2xl' }} className="pf-v6-u-mb-lg">
          <Figure value={props.accounts} label="Accounts" to={accountsPath} />
          <Figure value={props.pendingAccounts} label="Awaiting approval" to={`${accountsPath}?state=PENDING`} />
          <Figure value={props.applications} label="Applications" to={applicationsPath} />
          <Figure
            value={props.pendingApplications}
            label="Applications awaiting approval"
            to={`${applicationsPath}?state=PENDING`}
          />
        </Flex>
        <Title headingLevel="h3" size="md" className="pf-v6-u-mb-sm">
          Latest signups
        </Title>
        {props.recentAccounts.length === 0 ? (
          <BlankState title="No developer accounts yet" headingLevel="h4" size="xs">
            Accounts appear here when developers sign up or when you create them.
          </BlankState>
        ) : (
          <DataList aria-label="Latest signups" isCompact>
            {props.recentAccounts.map((account) => (
              <DataListItem key={account.id}>
                <DataListItemRow>
                  <DataListItemCells
                    dataListCells={[
                      <DataListCell key="name" width={3}>
                        <Link to={accountUrl(account.id)}>{account.orgName}</Link>
                      </DataListCell>,
                      <DataListCell key="state" width={1}>
                        <AccountStateLabel state={account.state} />
                      </DataListCell>,
                      <DataListCell key="created" width={2} alignRight>
                        <Timestamp date={new Date(account.createdAt)} dateFormat={TimestampFormat.medium} />
                      </DataListCell>,
                    ]}
                  />
                </DataListItemRow>
              </DataListItem>
            ))}
          </DataList>
        )}
      </CardBody>
    </Card>
  );
}
