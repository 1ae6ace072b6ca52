// Bench-only build of the real app: the project's vite.config.ts plus a build manifest, written to a
// directory the bench chooses (never the project's dist/), so the bench can walk each route's chunks.
import type { InlineConfig } from 'vite'
import { fileURLToPath } from 'node:url'

export function benchAppConfig(outDir: string): InlineConfig {
  return {
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: true, reportCompressedSize: false },
  }
}
