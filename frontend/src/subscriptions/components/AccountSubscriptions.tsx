import { Button, ToolbarItem } from '@patternfly/react-core';
import { useState } from 'react';
import { useQuery } from 'urql';

import { accountDetailQuery } from '../../accounts/queries';
import { SubscribeModal } from './SubscribeModal';
import { SubscriptionTable } from './SubscriptionTable';

/** One account's service subscriptions, with their actions and "Subscribe to a product", for the account page. */
export function AccountSubscriptions({ accountId }: { accountId: string }) {
  const [subscribing, setSubscribing] = useState(false);
  const [{ data }] = useQuery({ query: accountDetailQuery, variables: { id: accountId } });
  const account = data?.node?.__typename === 'Account' ? { id: data.node.id, orgName: data.node.orgName } : null;
  return (
    <>
      <SubscriptionTable
        accountId={accountId}
        prefix="subs."
        embedded
        toolbarActions={
          <ToolbarItem>
            <Button variant="secondary" isDisabled={!account} onClick={() => setSubscribing(true)}>
              Subscribe to a product
            </Button>
          </ToolbarItem>
        }
      />
      {subscribing && account ? <SubscribeModal account={account} onClose={() => setSubscribing(false)} /> : null}
    </>
  );
}
