import { graphql } from '../gql';

export const activeDocListQuery = graphql(`
  query ActiveDocList($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: ActiveDocWhereInput) {
    activeDocs(
      first: $first
      after: $after
      last: $last
      before: $before
      where: $where
      orderBy: [{ field: NAME, direction: ASC }]
    ) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          name
          systemName
          published
          updatedAt
          product {
            id
            name
          }
        }
      }
    }
  }
`);

export const activeDocQuery = graphql(`
  query ActiveDoc($id: ID!) {
    node(id: $id) {
      id
      ... on ActiveDoc {
        name
        systemName
        description
        published
        skipSwaggerValidations
        body
        updatedAt
        product {
          id
          name
        }
      }
    }
  }
`);

export const activeDocProductsQuery = graphql(`
  query ActiveDocProducts {
    products(first: 500, orderBy: [{ field: NAME, direction: ASC }]) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const createActiveDocMutation = graphql(`
  mutation CreateActiveDoc($input: CreateActiveDocInput!) {
    createActiveDoc(input: $input) {
      id
      name
    }
  }
`);

export const updateActiveDocMutation = graphql(`
  mutation UpdateActiveDoc($id: ID!, $input: UpdateActiveDocInput!) {
    updateActiveDoc(id: $id, input: $input) {
      id
      name
      description
      published
      skipSwaggerValidations
      body
      product {
        id
        name
      }
    }
  }
`);

export const publishActiveDocMutation = graphql(`
  mutation PublishActiveDoc($id: ID!) {
    publishActiveDoc(id: $id) {
      id
      published
    }
  }
`);

export const hideActiveDocMutation = graphql(`
  mutation HideActiveDoc($id: ID!) {
    hideActiveDoc(id: $id) {
      id
      published
    }
  }
`);

export const deleteActiveDocMutation = graphql(`
  mutation DeleteActiveDoc($id: ID!) {
    deleteActiveDoc(id: $id) {
      deletedID
    }
  }
`);

export const importOpenApiMutation = graphql(`
  mutation ImportOpenApi($input: ImportOpenApiInput!) {
    importOpenApi(input: $input) {
      dryRun
      version
      title
      product {
        id
        name
      }
      activeDoc {
        id
        name
      }
      items {
        kind
        action
        name
        detail
      }
    }
  }
`);
