// Builds the bench page (bench/page) into a directory the bench chooses: plain Vite, no PWA, relative
// base so the static server can put it anywhere; workers as ES modules like the app's.
import { fileURLToPath } from 'node:url'
import type { InlineConfig } from 'vite'

export function benchPageConfig(outDir: string): InlineConfig {
  return {
    configFile: false,
    root: fileURLToPath(new URL('.', import.meta.url)),
    base: './',
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 5000, reportCompressedSize: false },
  }
}
