import { useQuery } from 'urql';

import { graphql } from '../gql';

const tenantCurrencyQuery = graphql(`
  query TenantCurrency {
    viewer {
      tenant {
        id
        currency
      }
    }
  }
`);

/**
 * The currency of every amount the tenant shows (its billing settings' currency); undefined until
 * known, so an amount is never shown with a guessed currency.
 */
export function useCurrency(): string | undefined {
  const [{ data }] = useQuery({ query: tenantCurrencyQuery });
  return data?.viewer.tenant.currency;
}
