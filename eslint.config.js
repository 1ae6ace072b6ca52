// Lint: typescript-eslint and the Vue plugin over api/, client/, e2e/ and bench/; the type checker does the rest.
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import prettierConfig from 'eslint-config-prettier'

/** Test apps, fixtures, fuzz payloads, the chaos harness: only tests, the bench and e2e import them. */
const TEST_SUPPORT = { group: ['**/test-support/**', '**/test-support'], message: 'Production code never imports test support.' }
const TESTS = ['**/*.test.ts', 'api/test-support/**', 'client/test-support/**', 'client/test-setup.ts']

/** What a person reads is Beijing time whatever the device's zone: no date formatting without a time zone
 *  (useFormat / formatInstant in client/i18n/format.ts pass Asia/Shanghai). */
const BEIJING_TIME = [
  {
    selector: "CallExpression[callee.property.name=/^toLocale(Date|Time)?String$/]:not(:has(Property[key.name='timeZone']))",
    message: 'Shown times are Beijing time: use useFormat() from client/i18n/format.ts.',
  },
  {
    selector: "NewExpression[callee.property.name='DateTimeFormat']:not(:has(Property[key.name='timeZone']))",
    message: 'Shown times are Beijing time: use useFormat() from client/i18n/format.ts.',
  },
  {
    selector: "CallExpression[callee.property.name='DateTimeFormat']:not(:has(Property[key.name='timeZone']))",
    message: 'Shown times are Beijing time: use useFormat() from client/i18n/format.ts.',
  },
]

export default tseslint.config(
  { ignores: ['dist/**', 'dist-api/**', 'node_modules/**', 'data/**', 'dev-dist/**', 'test-results/**', 'playwright-report/**'] },
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
    // Client layers: component → store → repository or API client → sync engine → HTTP core. Only the
    // HTTP core (client/api/http-core.ts) touches the browser's fetch.
    files: [
      'client/stores/**/*.ts',
      'client/db/**/*.ts',
      'client/sync/**/*.ts',
      'client/api/http.ts',
      'client/components/**/*.{ts,vue}',
      'client/pages/**/*.{ts,vue}',
    ],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Requests go through the HTTP core: apiFetch (client/api/http.ts) or the sync engine.' }],
    },
  },
  {
    // The sync engine runs without a UI framework (the property and chaos tests run it in Node).
    // (A later block replaces no-restricted-imports for its files, so each repeats TEST_SUPPORT.)
    files: ['client/sync/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vue', 'pinia', 'vue-i18n', '*.vue', '**/stores/*'], message: 'The sync engine never imports Vue, Pinia or a store.' },
            TEST_SUPPORT,
          ],
        },
      ],
    },
  },
  {
    files: ['client/sync/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['vue', 'pinia', 'vue-i18n', '*.vue', '**/stores/*'] }] },
  },
  {
    // Components and pages reach data through a store: never the database, Dexie or the API client. The
    // error classes (client/api/errors.ts) are theirs to catch; messages come from the typed useI18n.
    files: ['client/components/**/*.{ts,vue}', 'client/pages/**/*.{ts,vue}'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/db/*', 'dexie'], message: 'Components go through a store.' },
            {
              group: ['**/api/http', '**/api/http.ts', '**/api/http-core', '**/api/http-core.ts'],
              message: 'Components go through a store (catch errors from client/api/errors.ts).',
            },
            { regex: '^\\.\\./\\.\\./sync/', message: 'Components go through a store (the sync store wraps the engine).' },
            TEST_SUPPORT,
          ],
          paths: [{ name: 'vue-i18n', message: 'Use useI18n from client/i18n/index.ts: its keys are type-checked.' }],
        },
      ],
    },
  },
  {
    // Stores reach the network only through apiFetch or the sync engine.
    files: ['client/stores/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/api/http-core', '**/api/http-core.ts'], importNames: ['send'], message: 'Stores use apiFetch.' }, TEST_SUPPORT] },
      ],
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
        ...BEIJING_TIME,
      ],
      'vue/no-restricted-syntax': ['error', ...BEIJING_TIME],
    },
  },
  // Formatting is Prettier's job (`npm run format`); this turns off the lint rules that would fight it.
  prettierConfig,
)
