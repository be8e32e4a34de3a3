/** What integration settings belong to: a product or a backend. */
export type IntegrationOwner = { productID: string } | { backendID: string };

export const ownerWhere = (owner: IntegrationOwner) =>
  'productID' in owner ? { productID: owner.productID } : { backendID: owner.backendID };
