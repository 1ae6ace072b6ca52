import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { writeMbtiles } from '../test-support/mbtiles.ts'
import { inspectMbtiles, installMbtiles, MbtilesError } from './tiles-import.ts'
import { testDatabaseAdminUrl } from '../env.ts'

const dir = mkdtempSync(join(tmpdir(), 'lastmile-tiles-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function good(name: string) {
  const file = join(dir, name)
  writeMbtiles(file, { lat: 39.8935, lng: 116.4645 }, [13, 14, 15], 1)
  return file
}

// MBTiles files are SQLite files whatever the suite's database is: the PostgreSQL run of the suite would
// repeat the same work, so it skips it.
describe.skipIf(Boolean(testDatabaseAdminUrl()))('npm run tiles:import', () => {
  it('reads what a generated MBTiles file holds: format, zoom range, bounds from the tiles, tile count', () => {
    const info = inspectMbtiles(good('a.mbtiles'))
    expect(info).toMatchObject({ format: 'png', minZoom: 13, maxZoom: 15, tiles: 27, boundsFrom: 'tiles', name: 'lastmile-test' })
    const [w, s, e, n] = info.bounds
    expect(w).toBeLessThan(116.4645)
    expect(e).toBeGreaterThan(116.4645)
    expect(s).toBeLessThan(39.8935)
    expect(n).toBeGreaterThan(39.8935)
  })

  it('installs atomically over the old file and prints what it found', async () => {
    const data = join(dir, 'data')
    const old = join(dir, 'old.mbtiles')
    writeMbtiles(old, { lat: 39.8935, lng: 116.4645 }, [12], 0)
    await installMbtiles(old, join(data, 'basemap.mbtiles'))
    const file = good('b.mbtiles')
    const res = spawnSync('npx', ['tsx', 'api/cli/tiles-import.ts', '--', file], {
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: data, MBTILES_FILE: 'basemap.mbtiles', BASEMAP: 'local', DATABASE_URL: '', TEST_DATABASE_URL: '' },
    })
    expect(res.stderr).toBe('')
    expect(res.status).toBe(0)
    expect(res.stdout).toMatch(/format:\s+png/)
    expect(res.stdout).toMatch(/zooms:\s+13–15/)
    expect(res.stdout).toMatch(/tiles:\s+27/)
    expect(res.stdout).toContain(join(data, 'basemap.mbtiles'))
    const installed = new SQLite(join(data, 'basemap.mbtiles'), { readonly: true })
    expect(installed.prepare('select count(*) from tiles').pluck().get()).toBe(27)
    installed.close()
    expect(readdirSync(data).filter((f) => f.includes('.tmp'))).toEqual([])
  }, 30_000)

  it('refuses a corrupt file and leaves the installed basemap untouched', async () => {
    const data = join(dir, 'data2')
    const target = join(data, 'tiles.mbtiles')
    await installMbtiles(good('c.mbtiles'), target)
    const before = readFileSync(target)

    const truncated = join(dir, 'truncated.mbtiles')
    writeFileSync(truncated, readFileSync(good('d.mbtiles')).subarray(0, 3000))
    const garbage = join(dir, 'garbage.mbtiles')
    writeFileSync(garbage, Buffer.alloc(8192, 7))
    for (const bad of [truncated, garbage]) {
      await expect(installMbtiles(bad, target)).rejects.toBeInstanceOf(MbtilesError)
    }
    expect(readFileSync(target).equals(before)).toBe(true)
    expect(readdirSync(data)).toEqual(['tiles.mbtiles'])

    const res = spawnSync('npx', ['tsx', 'api/cli/tiles-import.ts', garbage], {
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: data, DATABASE_URL: '', TEST_DATABASE_URL: '' },
    })
    expect(res.status).toBe(1)
    expect(res.stderr).toMatch(/refused, nothing installed: .*garbage\.mbtiles: (not a readable SQLite|cannot be opened)/)
    expect(readFileSync(target).equals(before)).toBe(true)
  }, 30_000)

  it('refuses SQLite files that are not raster MBTiles, saying what is wrong', () => {
    const make = (name: string, sql: string, tile?: Buffer, format?: string) => {
      const file = join(dir, name)
      const db = new SQLite(file)
      db.exec(sql)
      if (format) db.prepare('insert into metadata values (?, ?)').run('format', format)
      if (tile) db.prepare('insert into tiles values (1, 0, 0, ?)').run(tile)
      db.close()
      return file
    }
    const schema =
      'create table metadata (name text, value text); create table tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);'
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])
    expect(() => inspectMbtiles(make('notiles.mbtiles', 'create table metadata (name text, value text);'))).toThrow(/no "tiles" table/)
    expect(() =>
      inspectMbtiles(make('nometa.mbtiles', 'create table tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);')),
    ).toThrow(/no "metadata" table/)
    expect(() => inspectMbtiles(make('empty.mbtiles', schema))).toThrow(/holds no tiles/)
    expect(() => inspectMbtiles(make('vector.mbtiles', schema, Buffer.from([0x1f, 0x8b, 8, 0]), 'pbf'))).toThrow(/vector tiles \(pbf\)/)
    expect(() => inspectMbtiles(make('mismatch.mbtiles', schema, png, 'jpg'))).toThrow(/metadata says jpg but the tiles are png/)
    expect(() => inspectMbtiles(join(dir, 'missing.mbtiles'))).toThrow(/no such file/)
    expect(existsSync(join(dir, 'missing.mbtiles'))).toBe(false)
  })
})
