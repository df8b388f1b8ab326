// @ts-check
/**
 * ESLint 9 flat config. Type-aware typescript-eslint rules for the TypeScript
 * under apps/, libs/ and test/ (typed through tsconfig.json via the project
 * service). Formatting is Prettier's job (.prettierrc), not ESLint's.
 */
const { defineConfig, globalIgnores } = require('eslint/config');
const tseslint = require('typescript-eslint');

const TS_FILES = ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts'];
const TEST_FILES = ['test/**/*.ts', '**/*.spec.ts', '**/*.e2e-spec.ts'];

module.exports = defineConfig([
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    'data/',
    '.test-data/',
    'coverage/',
    'uploads/',
    'bench/**/*.js',
    'jest.config.js',
  ]),

  {
    name: 'rocket/typescript',
    files: TS_FILES,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: __dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'warn',
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },

  {
    // A lib (or the app) reaches another lib only through its `@rocket/<lib>`
    // alias, never by a relative path climbing into `<lib>/src`.
    name: 'rocket/lib-boundaries',
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // ../../config/src, ../../../config/src/x, ../../../libs/config/src/x, ../../libs/config
              regex: '^(\\.\\./)+(libs/[^/]+|[^/.][^/]*/src)(/|$)',
              message: 'Import another lib through its alias `@rocket/<lib>`, not by a relative path into it.',
            },
          ],
        },
      ],
    },
  },

  {
    // Tests may use `any` (mocks, partial fixtures, raw JSON bodies).
    name: 'rocket/tests',
    files: TEST_FILES,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
]);
