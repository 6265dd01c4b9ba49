// One flat config for the whole monorepo. ESLint 10 looks it up from each linted file,
// so `eslint .` inside any workspace uses it; typed rules use the nearest tsconfig.json.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.turbo/**', '**/.peer/**', '**/data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // Isomorphic packages (also loaded by the admin UI) never touch node:*
    files: ['packages/kernel/src/**/*.ts', 'packages/divisions-contract/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*'],
              message: 'an isomorphic package (kernel, divisions-contract): no node:* imports',
            },
          ],
        },
      ],
    },
  },
  {
    // Plugins never import each other or the server's internals.
    files: ['plugins/**/*.ts', 'plugins/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@xianzhi/plugin-*'], message: 'plugins never import each other' },
            {
              group: ['@xianzhi/server', '@xianzhi/server/*'],
              message: 'plugins never import server internals',
            },
          ],
        },
      ],
    },
  },
  {
    // The admin UI runs in the browser, with the rules of React hooks.
    files: ['apps/admin/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
