import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types for every GraphQL document in src/ come from the server's schema
 * files. The output in src/gql/ is committed and never edited by hand;
 * `npm run codegen` rewrites it and CI fails when it differs.
 */
const config: CodegenConfig = {
  schema: '../graph/schema/*.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/**/*.test.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        onlyOperationTypes: true,
        skipTypename: false,
        nonOptionalTypename: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        scalars: {
          ID: 'string',
          Cursor: 'string',
          Time: 'string',
          Decimal: 'string',
          StringMap: 'Record<string, string>',
          JSON: 'unknown',
        },
      },
    },
  },
};

export default config;
