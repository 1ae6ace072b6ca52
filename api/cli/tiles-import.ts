// `npm run tiles:import -- FILE.mbtiles` checks a raster MBTiles file and installs it as the `local`
// basemap (DATA_DIR/MBTILES_FILE): a file that fails a check is refused and nothing is touched.
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import SQLite from 'better-sqlite3'

export class MbtilesError extends Error {}

export interface MbtilesInfo {
  format: 'png' | 'jpg' | 'webp'
  minZoom: number
  maxZoom: number
  /** west, south, east, north in degrees (from metadata, else from the tiles themselves). */
  bounds: [number, number, number, number]
  boundsFrom: 'metadata' | 'tiles'
  tiles: number
  name: string | null
  bytes: number
}

const FORMATS = { png: 'png', jpg: 'jpg', jpeg: 'jpg', webp: 'webp' } as const

/** The image format from a tile's first bytes. */
function sniff(data: Buffer): MbtilesInfo['format'] | 'pbf' | null {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png'
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg'
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'webp'
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) return 'pbf'
  return null
}

function tile2lng(x: number, z: number) {
  return (x / 2 ** z) * 360 - 180
}
function tile2lat(y: number, z: number) {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z
  return (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)))
}

function columnsOf(db: SQLite.Database, table: string): string[] {
  return (db.prepare(`select name from pragma_table_info('${table}')`).all() as { name: string }[]).map((r) => r.name)
}

/** Reads and checks an MBTiles file; throws MbtilesError with a message for the person running it. */
export function inspectMbtiles(file: string): MbtilesInfo {
  if (!existsSync(file) || !statSync(file).isFile()) throw new MbtilesError(`${file}: no such file`)
  let db: SQLite.Database
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true })
  } catch (e) {
    throw new MbtilesError(`${file}: cannot be opened as SQLite (${(e as Error).message})`)
  }
  try {
    try {
      const check = db.prepare('pragma quick_check(1)').pluck().get()
      if (check !== 'ok') throw new MbtilesError(`${file}: the SQLite file is damaged (${String(check)})`)
    } catch (e) {
      if (e instanceof MbtilesError) throw e
      throw new MbtilesError(`${file}: not a readable SQLite database (${(e as Error).message})`)
    }
    const objects = new Set((db.prepare("select name from sqlite_master where type in ('table', 'view')").all() as { name: string }[]).map((r) => r.name))
    if (!objects.has('tiles')) throw new MbtilesError(`${file}: not an MBTiles file (no "tiles" table or view)`)
    if (!objects.has('metadata')) throw new MbtilesError(`${file}: not an MBTiles file (no "metadata" table)`)
    const tileCols = columnsOf(db, 'tiles')
    const missing = ['zoom_level', 'tile_column', 'tile_row', 'tile_data'].filter((c) => !tileCols.includes(c))
    if (missing.length) throw new MbtilesError(`${file}: the "tiles" table lacks ${missing.join(', ')}`)
    const metaCols = columnsOf(db, 'metadata')
    if (!metaCols.includes('name') || !metaCols.includes('value')) throw new MbtilesError(`${file}: the "metadata" table lacks name/value columns`)
    const meta = new Map((db.prepare('select name, value from metadata').all() as { name: string; value: string }[]).map((r) => [r.name, r.value]))

    const stats = db.prepare('select count(*) as n, min(zoom_level) as minz, max(zoom_level) as maxz from tiles').get() as {
      n: number
      minz: number | null
      maxz: number | null
    }
    if (!stats.n || stats.minz === null || stats.maxz === null) throw new MbtilesError(`${file}: holds no tiles`)
    if (stats.minz < 0 || stats.maxz > 22) throw new MbtilesError(`${file}: zoom levels ${stats.minz}–${stats.maxz} are outside 0–22`)

    const first = db.prepare('select tile_data from tiles where tile_data is not null limit 1').pluck().get() as Buffer | undefined
    const seen = first ? sniff(first) : null
    if (seen === 'pbf' || meta.get('format') === 'pbf') {
      throw new MbtilesError(`${file}: holds vector tiles (pbf); the local basemap serves raster tiles (png, jpg, webp) — see docs/maps.md`)
    }
    const declared = meta.get('format')?.toLowerCase()
    const format = declared ? FORMATS[declared as keyof typeof FORMATS] : seen
    if (!format) throw new MbtilesError(`${file}: unknown tile format "${declared ?? 'none'}" (png, jpg or webp)`)
    if (seen && seen !== format) throw new MbtilesError(`${file}: metadata says ${format} but the tiles are ${seen}`)
    if (!seen) throw new MbtilesError(`${file}: the tiles are not ${format} images`)

    let bounds: MbtilesInfo['bounds']
    let boundsFrom: MbtilesInfo['boundsFrom'] = 'metadata'
    const b = meta
      .get('bounds')
      ?.split(',')
      .map((v) => Number(v.trim()))
    if (b && b.length === 4 && b.every(Number.isFinite)) {
      const [w, s, e, n] = b as [number, number, number, number]
      if (w < -180 || e > 180 || s < -85.06 || n > 85.06 || w >= e || s >= n)
        throw new MbtilesError(`${file}: metadata bounds ${b.join(',')} are not west,south,east,north in degrees`)
      bounds = [w, s, e, n]
    } else {
      boundsFrom = 'tiles'
      const z = stats.maxz
      const r = db
        .prepare('select min(tile_column) as x0, max(tile_column) as x1, min(tile_row) as r0, max(tile_row) as r1 from tiles where zoom_level = ?')
        .get(z) as Record<string, number>
      // MBTiles rows count from the south (TMS).
      const yTop = 2 ** z - 1 - r.r1!
      const yBottom = 2 ** z - 1 - r.r0!
      bounds = [tile2lng(r.x0!, z), tile2lat(yBottom + 1, z), tile2lng(r.x1! + 1, z), tile2lat(yTop, z)]
    }
    return { format, minZoom: stats.minz, maxZoom: stats.maxz, bounds, boundsFrom, tiles: stats.n, name: meta.get('name') ?? null, bytes: statSync(file).size }
  } finally {
    db.close()
  }
}

/**
 * Installs a checked file as `target`: a consistent copy (SQLite backup, so a WAL file's pages come
 * along) under a temporary name in the same folder, checked again, then renamed over the target.
 */
export async function installMbtiles(file: string, target: string): Promise<MbtilesInfo> {
  const info = inspectMbtiles(file)
  const dir = resolve(target, '..')
  mkdirSync(dir, { recursive: true })
  const tmp = join(dir, `.${basename(target)}.import-${process.pid}.tmp`)
  const src = new SQLite(file, { readonly: true, fileMustExist: true })
  try {
    await src.backup(tmp)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw new MbtilesError(`copying ${file} failed: ${(e as Error).message}`)
  } finally {
    src.close()
  }
  try {
    const copy = inspectMbtiles(tmp)
    if (copy.tiles !== info.tiles) throw new MbtilesError(`the copy of ${file} holds ${copy.tiles} tiles instead of ${info.tiles}`)
    renameSync(tmp, target)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
  return info
}

export function describe(info: MbtilesInfo): string {
  const f = (n: number) => n.toFixed(5)
  return [
    `name:    ${info.name ?? '(none)'}`,
    `format:  ${info.format}`,
    `zooms:   ${info.minZoom}–${info.maxZoom}`,
    `bounds:  ${info.bounds.map(f).join(', ')} (west, south, east, north; from ${info.boundsFrom})`,
    `tiles:   ${info.tiles}`,
    `size:    ${(info.bytes / 1024 ** 2).toFixed(1)} MB`,
  ].join('\n')
}

async function main() {
  const file = process.argv.slice(2).find((a) => a !== '--')
  if (!file) {
    console.error('usage: npm run tiles:import -- FILE.mbtiles')
    process.exit(2)
  }
  const { loadEnv } = await import('../env.ts')
  const env = loadEnv()
  const target = resolve(env.DATA_DIR, env.MBTILES_FILE)
  try {
    const info = await installMbtiles(resolve(file), target)
    console.log(describe(info))
    console.log(`installed: ${target}`)
    if (env.BASEMAP !== 'local') console.log('note: set BASEMAP=local to serve it as the basemap')
    if (info.format !== 'png')
      console.log(`note: the tiles are ${info.format}; the server answers /tiles/{z}/{x}/{y}.png with them and browsers read them by content`)
    console.log('a running server serves it within a few seconds; refresh saved offline areas on the devices')
  } catch (e) {
    if (e instanceof MbtilesError) {
      console.error(`refused, nothing installed: ${e.message}`)
      process.exit(1)
    }
    throw e
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main()
