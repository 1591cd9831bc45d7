import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*'], message: 'Node built-ins are not available here.' };
const electronImport = { name: 'electron', message: 'Only src/main and src/preload may import electron.' };

export default tseslint.config(
  { ignores: ['out/**', 'server/dist/**', 'release/**', 'node_modules/**', '**/node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport, { name: 'react', message: 'src/shared is framework-free.' }],
          patterns: [nodeBuiltins, { group: ['**/renderer/**', '**/main/**', '**/server/**'], message: 'src/shared depends on nothing else.' }],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: [electronImport], patterns: [nodeBuiltins, { group: ['**/main/**', '**/server/**'], message: 'The renderer talks to main through the preload bridge and to the server over HTTP.' }] },
      ],
    },
  },
  {
    // The test kit serves server tests, e2e and benchmarks: it may start the server, never the app.
    files: ['testkit/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronImport], patterns: [{ group: ['**/renderer/**', '**/main/**', '**/preload/**'], message: 'The test kit talks to the server over HTTP; the app is driven through its UI.' }] },
      ],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronImport], patterns: [{ group: ['**/renderer/**', '**/main/**', '**/preload/**'], message: 'The server shares only src/shared with the app.' }] },
      ],
    },
  },
);
