// The `local` basemap: tiles read from an MBTiles file in DATA_DIR, for intranet deployments and
// for tests (which never touch the internet). MBTiles rows are TMS, so y is flipped.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { Hono } from 'hono'
import type { AppEnv } from './context.ts'

export function tilesRouter(dataDir: string, file: string) {
  const path = join(dataDir, file)
  let db: SQLite.Database | undefined
  let openedIno: number | undefined
  let checkedAt = 0
  // `npm run tiles:import` renames a new file into place: notice it (at most every few seconds) and
  // reopen, so a new basemap needs no restart.
  const open = () => {
    const now = Date.now()
    if (db && now - checkedAt < 5000) return db
    checkedAt = now
    const ino = existsSync(path) ? statSync(path).ino : undefined
    if (db && ino !== openedIno) {
      db.close()
      db = undefined
    }
    if (!db && ino !== undefined) {
      db = new SQLite(path, { readonly: true, fileMustExist: true })
      openedIno = ino
    }
    return db
  }
  return new Hono<AppEnv>().get('/:z/:x/:yext', (c) => {
    const m = /^(\d+)\.(png|jpg|webp)$/.exec(c.req.param('yext'))
    const z = Number(c.req.param('z'))
    const x = Number(c.req.param('x'))
    if (!m || !Number.isInteger(z) || !Number.isInteger(x) || z < 0 || z > 22) return c.notFound()
    const y = Number(m[1])
    const tiles = open()
    if (!tiles) return c.notFound()
    const row = tiles.prepare('select tile_data from tiles where zoom_level = ? and tile_column = ? and tile_row = ?').get(z, x, 2 ** z - 1 - y) as
      { tile_data: Buffer } | undefined
    if (!row) return c.body(null, 404)
    const type = m[2] === 'jpg' ? 'image/jpeg' : `image/${m[2]}`
    return c.body(new Uint8Array(row.tile_data), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' })
  })
}

/**
 * The deepest zoom level the MBTiles file holds (null without a file or tiles): the map scales that
 * level's tiles up beyond it instead of asking for tiles that are not there.
 */
export function mbtilesMaxZoom(dataDir: string, file: string): number | null {
  const path = join(dataDir, file)
  if (!existsSync(path)) return null
  const { ino, mtimeMs } = statSync(path)
  if (zoomCache?.path === path && zoomCache.ino === ino && zoomCache.mtimeMs === mtimeMs) return zoomCache.zoom
  const db = new SQLite(path, { readonly: true, fileMustExist: true })
  try {
    const row = db.prepare('select max(zoom_level) as z from tiles').get() as { z: number | null } | undefined
    zoomCache = { path, ino, mtimeMs, zoom: row?.z ?? null }
    return zoomCache.zoom
  } finally {
    db.close()
  }
}
let zoomCache: { path: string; ino: number; mtimeMs: number; zoom: number | null } | undefined
