// The e2e server: a fresh data directory with a generated MBTiles basemap, then the compiled server
// (`npm run build` first: dist/ and dist-api/) serving the built client, exactly as `npm start` runs it.
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { writeMbtiles } from '../api/test-support/mbtiles.ts'

const server = resolve('dist-api/index.js')
if (!existsSync(server)) {
  console.error(`${server} is missing: run \`npm run build\` first`)
  process.exit(2)
}
const dir = process.env.DATA_DIR ?? '.e2e/data'
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
writeMbtiles(join(dir, 'tiles.mbtiles'))
await import(pathToFileURL(server).href)
