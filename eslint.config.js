// ESLint flat config: typescript-eslint everywhere, React hooks rules for the web app,
// and no console in the server (it logs through pino so that output is structured and redacted).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'structuredClone',
    'fetch',
    'AbortController',
    'TextEncoder',
    'TextDecoder',
    '__dirname',
    'module',
    'require',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  {
    // The folders .gitignore names, and generated or copied files.
    ignores: [
      'node_modules/',
      'dist/',
      'data/',
      'coverage/',
      '.tmp/',
      'test-results/',
      'bench/out/',
      'migrations/',
      'reference-data/',
      // Deliberately broken import graphs that prove the boundary rules fire.
      'test/fixtures/boundaries/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        // Type information for the few rules that catch real bugs cheaply (lost promises).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // A promise returned from inside try/finally can reject while finally still runs: unhandled.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    ...reactHooks.configs.flat.recommended,
    files: ['src/web/**/*.{ts,tsx}'],
  },
  {
    files: ['src/server/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
);
