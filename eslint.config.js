import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'data/',
      'coverage/',
      '.tap/',
      'tap-snapshots/',
      'src/web/static/vendor/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // One unit of work (src/core/unit-of-work.ts) is the only place that opens a transaction: it
    // retries deadlocks, claims Idempotency-Keys and hands its body nothing but the transaction.
    files: ['src/**/*.ts'],
    ignores: ['src/core/unit-of-work.ts', 'src/db/migrator.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction']",
          message: 'Open transactions with unitOfWork() from src/core/unit-of-work.ts.',
        },
      ],
    },
  },
  {
    // Plugins are infrastructure: they know core/, never a feature module (app.ts wires them).
    files: ['src/plugins/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/modules/**'], message: 'Plugins import core/, not modules/.' }],
        },
      ],
    },
  },
  {
    // A module reaches another only through its public surface (index.ts) or its API schemas,
    // never its repository or service directly.
    files: ['src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!\\.)[^/]+/(?!(index|schemas)\\.ts$)',
              message: "Import another module's index.ts (its public surface), not its internals.",
            },
          ],
        },
      ],
    },
  },
  {
    // The web front end's plain browser modules: browser globals, and no HTML parsing of strings
    // (user text must only ever become text nodes).
    files: ['src/web/static/**/*.js'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-properties': [
        'error',
        {
          property: 'innerHTML',
          message: 'Build DOM nodes with h(); never parse strings as HTML.',
        },
        {
          property: 'outerHTML',
          message: 'Build DOM nodes with h(); never parse strings as HTML.',
        },
        { property: 'insertAdjacentHTML', message: 'Build DOM nodes with h().' },
      ],
    },
  },
)
