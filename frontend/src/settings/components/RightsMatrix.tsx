import { Checkbox, Content, FormFieldGroup, FormFieldGroupHeader, FormGroup, Radio } from '@patternfly/react-core';
import { CheckIcon, MinusIcon } from '@patternfly/react-icons';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';

import type { AdminSection, UserRole } from '../../gql/graphql';
import { offeredSections } from './sections';

export interface Rights {
  role: UserRole;
  sections: AdminSection[];
  allProducts: boolean;
  productIds: string[];
}

export interface RightsProduct {
  id: string;
  name: string;
  systemName: string;
}

export interface RightsMatrixProps {
  value: Rights;
  onChange: (next: Rights) => void;
  products: readonly RightsProduct[];
  /** The role cannot change (e.g. one's own), with the reason shown under it. */
  roleLockedReason?: string;
}

const perProductSections = offeredSections.filter((section) => section.perProduct);

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? (list.includes(item) ? [...list] : [...list, item]) : list.filter((entry) => entry !== item);
}

/**
 * A team user's rights: the role and, for a member, the areas they work in and
 * the products those areas cover. The table shows the effective access of every
 * product to each product-scoped area.
 */
export function RightsMatrix({ value, onChange, products, roleLockedReason }: RightsMatrixProps) {
  const isMember = value.role === 'MEMBER';
  const set = (patch: Partial<Rights>) => onChange({ ...value, ...patch });
  const covered = (productId: string) => value.allProducts || value.productIds.includes(productId);
  const chosenPerProduct = perProductSections.filter((section) => value.sections.includes(section.id));

  return (
    <>
      <FormGroup role="radiogroup" isInline fieldId="rights-role" label="Role" isStack>
        <Radio
          id="rights-role-admin"
          name="rights-role"
          label="Admin"
          description="Full access to every area and product, including users and settings."
          isChecked={value.role === 'ADMIN'}
          isDisabled={!!roleLockedReason}
          onChange={() => set({ role: 'ADMIN' })}
        />
        <Radio
          id="rights-role-member"
          name="rights-role"
          label="Member"
          description="Access only to the areas and products chosen below."
          isChecked={isMember}
          isDisabled={!!roleLockedReason}
          onChange={() => set({ role: 'MEMBER' })}
        />
        {roleLockedReason ? <Content component="small">{roleLockedReason}</Content> : null}
      </FormGroup>

      {isMember ? (
        <>
          <FormFieldGroup
            header={
              <FormFieldGroupHeader
                titleText={{ text: 'This user can access', id: 'rights-areas-title' }}
                titleDescription="Each area also opens the matching API to the user's access tokens."
              />
            }
          >
            <FormGroup role="group" fieldId="rights-areas" aria-labelledby="rights-areas-title">
              <div className="portico-rights-areas">
                {offeredSections.map((section) => (
                  <Checkbox
                    key={section.id}
                    id={`rights-area-${section.id}`}
                    label={section.label}
                    description={section.description}
                    isChecked={value.sections.includes(section.id)}
                    onChange={(_event, checked) => set({ sections: toggle(value.sections, section.id, checked) })}
                  />
                ))}
              </div>
            </FormGroup>
          </FormFieldGroup>

          <FormFieldGroup
            header={
              <FormFieldGroupHeader
                titleText={{ text: 'Products', id: 'rights-products-title' }}
                titleDescription="The products the developer accounts, integration and analytics areas cover."
              />
            }
          >
            <FormGroup role="radiogroup" fieldId="rights-products" aria-labelledby="rights-products-title" isStack>
              <Radio
                id="rights-products-all"
                name="rights-products"
                label="All current and future products"
                isChecked={value.allProducts}
                onChange={() => set({ allProducts: true })}
              />
              <Radio
                id="rights-products-chosen"
                name="rights-products"
                label="Only the products chosen below"
                isChecked={!value.allProducts}
                onChange={() => set({ allProducts: false })}
              />
            </FormGroup>
            {products.length === 0 ? (
              <Content component="p">There are no products yet.</Content>
            ) : (
              <Table aria-label="Rights by product" variant="compact" className="portico-rights-table">
                <Thead>
                  <Tr>
                    <Th screenReaderText="Chosen" />
                    <Th>Product</Th>
                    {perProductSections.map((section) => (
                      <Th key={section.id} textCenter modifier="wrap">
                        {section.label}
                      </Th>
                    ))}
                  </Tr>
                </Thead>
                <Tbody>
                  {products.map((product) => {
                    const on = covered(product.id);
                    return (
                      <Tr key={product.id}>
                        <Td>
                          <Checkbox
                            id={`rights-product-${product.id}`}
                            aria-label={`Give access to ${product.name}`}
                            isChecked={on}
                            isDisabled={value.allProducts}
                            onChange={(_event, checked) => set({ productIds: toggle(value.productIds, product.id, checked) })}
                          />
                        </Td>
                        <Td dataLabel="Product">
                          {product.name} <Content component="small">{product.systemName}</Content>
                        </Td>
                        {perProductSections.map((section) => {
                          const allowed = on && chosenPerProduct.includes(section);
                          return (
                            <Td key={section.id} dataLabel={section.label} textCenter>
                              <span role="img" aria-label={allowed ? 'Allowed' : 'Not allowed'}>
                                {allowed ? <CheckIcon className="portico-rights-yes" /> : <MinusIcon className="portico-rights-no" />}
                              </span>
                            </Td>
                          );
                        })}
                      </Tr>
                    );
                  })}
                </Tbody>
              </Table>
            )}
          </FormFieldGroup>
        </>
      ) : null}
    </>
  );
}
