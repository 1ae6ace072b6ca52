// Lint: typescript-eslint and the Vue plugin over api/, client/, e2e/ and bench/; the type checker does the rest.
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import prettierConfig from 'eslint-config-prettier'

/** Test apps, fixtures, fuzz payloads, the chaos harness: only tests, the bench and e2e import them. */
const TEST_SUPPORT = { group: ['**/test-support/**', '**/test-support'], message: 'Production code never imports test support.' }
const TESTS = ['**/*.test.ts', 'api/test-support/**', 'client/test-support/**', 'client/test-setup.ts']

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'dev-dist/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'no-restricted-imports': 'off',
    },
  },
  {
    // Production code (api/ and client/ outside tests) never imports test support.
    files: ['api/**/*.ts', 'client/**/*.ts', 'client/**/*.vue'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [TEST_SUPPORT] }] },
  },
  {
    // Modules are composed from a list (api/modules/index.ts): no import exists only for its side effect.
    files: ['api/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[specifiers.length=0][importKind!="type"]',
          message: 'No side-effect-only imports: import what you use, and list modules in api/modules/index.ts.',
        },
      ],
    },
  },
  {
    // The sync engine never imports Vue; components never import the database or fetch.
    files: ['client/sync/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['vue', 'pinia', '*.vue'] }, TEST_SUPPORT] }] },
  },
  {
    files: ['client/sync/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['vue', 'pinia', '*.vue'] }] },
  },
  {
    files: ['client/components/**/*.vue', 'client/pages/**/*.vue'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/db/*', 'dexie'], message: 'Components go through a store.' }, TEST_SUPPORT] }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Components go through a store.' }],
    },
  },
  {
    // api/domain is shared with the client: pure TypeScript only.
    files: ['api/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'hono', 'hono/*', 'kysely', 'dexie', 'vue', '@hono/*'] }, TEST_SUPPORT] }] },
  },
  {
    files: ['api/domain/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['node:*', 'hono', 'hono/*', 'kysely', 'dexie', 'vue', '@hono/*'] }] },
  },
  {
    // Leaflet inserts strings given to tooltips and popups as HTML: map labels go through textLabel()
    // (client/map/text-label.ts), and divIcon html is a fixed literal, never built from data.
    files: ['client/**/*.ts', 'client/**/*.vue'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name=/^(bindTooltip|bindPopup|setTooltipContent|setPopupContent)$/]:not([arguments.0.type='CallExpression'][arguments.0.callee.name='textLabel'])",
          message: 'Leaflet renders strings as HTML: pass textLabel(text) from client/map/text-label.ts.',
        },
        {
          selector: "CallExpression[callee.property.name='divIcon'] > ObjectExpression > Property[key.name='html'][value.type!='Literal']",
          message: 'divIcon html must be a fixed literal; put data in with textContent.',
        },
      ],
    },
  },
  // Formatting is Prettier's job (`npm run format`); this turns off the lint rules that would fight it.
  prettierConfig,
)
