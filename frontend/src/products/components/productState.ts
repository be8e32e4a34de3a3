import type { ProductState } from '../../gql/graphql';

/**
 * What a product's state means and what changes it, in sentences for the product's overview.
 * `serving`: whether an application of the product has already sent traffic, so the gateway
 * already serves it whatever the state says.
 */
export function productStateHelp(state: ProductState, serving: boolean): { meaning: string; next?: string } {
  switch (state) {
    case 'INCOMPLETE':
      return serving
        ? {
            meaning: 'Its applications already send traffic through a gateway; only its production configuration is still missing.',
            next: 'Promote a gateway configuration to production and the product becomes Published.',
          }
        : {
            meaning: 'The product is not configured for production yet: no gateway configuration was promoted to production.',
            next: 'Promote a gateway configuration to production and the product becomes Published.',
          };
    case 'PUBLISHED':
      return { meaning: 'The product is configured for production and live: new developer accounts get its default plans.' };
    case 'HIDDEN':
      return { meaning: 'The product is marked hidden. Its applications keep working, and new developer accounts still get its default plans.' };
    case 'OFFLINE':
      return {
        meaning: 'The product is offline: new developer accounts are not subscribed to it, and its subscriptions may be suspended in bulk.',
      };
    case 'DEPRECATED':
      return {
        meaning: 'The product is deprecated: new developer accounts are not subscribed to it, and its subscriptions may be suspended in bulk.',
      };
  }
}
