// The server's production build: api/index.ts bundled to one ES module in dist-api/, run by plain Node
// (`npm start`), so no TypeScript loader sits in the running server. Packages stay external: they are
// resolved from node_modules at run time, as they are in development.
import { defineConfig } from 'vite'

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: 'api/index.ts',
    outDir: 'dist-api',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: { output: { entryFileNames: 'index.js' } },
  },
})
