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
