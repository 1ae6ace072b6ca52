// One config for the client build, the dev server and the unit tests.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { VitePWA } from 'vite-plugin-pwa'
import { routePreloads } from './build/route-preloads.ts'

/** Files worth compressing, and the size below which compressing gains nothing. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml)$/
const MIN_BYTES = 1024

/**
 * Writes a .br and a .gz beside every compressible file of the build (the service worker included, so
 * it runs after vite-plugin-pwa), once, at the highest levels; the server sends them as they are.
 */
function precompress(): Plugin {
  let outDir = ''
  const brotli = promisify(brotliCompress)
  const gz = promisify(gzip)
  async function files(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true })
    const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)])))
    return nested.flat()
  }
  return {
    name: 'lastmile-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        for (const file of await files(outDir)) {
          if (!COMPRESSIBLE.test(file) || (await stat(file)).size < MIN_BYTES) continue
          const body = await readFile(file)
          await writeFile(
            `${file}.br`,
            await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
          )
          await writeFile(`${file}.gz`, await gz(body, { level: 9 }))
        }
      },
    },
  }
}

export default defineConfig({
  root: 'client',
  publicDir: '../public',
  // vue-i18n as the app uses it: the Composition API only, no global components or directive, and no
  // message compiler of its own (client/i18n/compile.ts compiles the catalogues' messages).
  define: {
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'true',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: { outDir: '../dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:8787', '/tiles': 'http://localhost:8787', '/open311': 'http://localhost:8787', '/gbfs': 'http://localhost:8787' },
  },
  plugins: [
    vue(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      strategies: 'generateSW',
      manifest: {
        name: '最后一公里 · 双井街道',
        short_name: '最后一公里',
        description: '社区巡查、助餐与窗口服务',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#0f766e',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/open311\//, /^\/gbfs\//, /^\/tiles\//],
        cleanupOutdatedCaches: true,
        // The first install takes control at once so the app works offline from the first visit;
        // updates still wait for the user (registerType: 'prompt').
        clientsClaim: true,
        // Background Sync handler (public/sw-sync.js): wakes open pages to push the outbox.
        importScripts: ['sw-sync.js'],
        runtimeCaching: [
          {
            // The map's tile <img> requests. Offline map areas (client/map/offline-areas/) fetch() their
            // tiles straight from the network (destination '') and keep them in `map-areas`, which this
            // route consults first: the size-limited `map-tiles` cache never evicts a saved area's tile.
            urlPattern: ({ url, request }) =>
              request.destination === 'image' && (url.pathname.startsWith('/tiles/') || /tile|autonavi|tianditu/.test(url.hostname)),
            handler: 'CacheFirst',
            options: {
              cacheName: 'map-tiles',
              expiration: { maxEntries: 5000, maxAgeSeconds: 60 * 60 * 24 * 60 },
              cacheableResponse: { statuses: [0, 200] },
              // Runs after the expiration check (plugins keep this order), so an old saved tile still counts.
              plugins: [
                {
                  cachedResponseWillBeUsed: async ({ request, cachedResponse }) => {
                    const saved = await (await caches.open('map-areas')).match(request)
                    return saved ?? cachedResponse ?? null
                  },
                },
              ],
            },
          },
        ],
      },
    }),
    routePreloads(fileURLToPath(new URL('./client', import.meta.url))),
    precompress(),
  ],
  test: {
    root: '.',
    projects: [
      {
        test: {
          name: 'api',
          root: '.',
          include: ['api/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          // One module graph per worker for every file: importing the app per file cost more than the tests.
          isolate: false,
          globalSetup: ['api/test-support/global-setup.ts'],
          testTimeout: 20_000,
          // A test app's setup (a database copy, a sign-in) takes well under a second alone and more than
          // the default 10 s when the rest of `npm test` shares two cores with it.
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'client', root: '.', include: ['client/**/*.test.ts'], environment: 'node', setupFiles: ['client/test-setup.ts'] } },
    ],
  },
})
