// The e2e server: a fresh data directory with a generated MBTiles basemap, then the real API
// serving the built client (`npm run build` first), exactly as `npm start` would.
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeMbtiles } from '../api/test-support/mbtiles.ts'

const dir = process.env.DATA_DIR ?? '.e2e/data'
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
writeMbtiles(join(dir, 'tiles.mbtiles'))
await import('../api/index.ts')
