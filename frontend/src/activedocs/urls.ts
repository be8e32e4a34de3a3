import { productsPath, productUrl } from '../products/urls';

/** ActiveDocs live under Products: every product's, and those bound to none. */
export const activeDocsPath = `${productsPath}/active-docs`;
export const newActiveDocPath = `${activeDocsPath}/new`;
export const activeDocUrl = (docId: string) => `${activeDocsPath}/${encodeURIComponent(docId)}`;
export const editActiveDocUrl = (docId: string) => `${activeDocUrl(docId)}/edit`;
export const productActiveDocsUrl = (productId: string) => `${productUrl(productId)}/active-docs`;
export const productImportOpenApiUrl = (productId: string) => `${productUrl(productId)}/integration/import`;
export const newProductActiveDocUrl = (productId: string) => `${newActiveDocPath}?product=${encodeURIComponent(productId)}`;
