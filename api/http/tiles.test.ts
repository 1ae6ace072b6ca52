import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { tileOf, writeMbtiles } from '../test-support/mbtiles.ts'
import { installMbtiles } from '../cli/tiles-import.ts'
import { tilesRouter } from './tiles.ts'
import { basemapOf, withNativeZoom } from './basemap.ts'
import type { Env } from '../env.ts'

const dir = mkdtempSync(join(tmpdir(), 'lastmile-tiles-router-'))
afterAll(() => {
  vi.useRealTimers()
  rmSync(dir, { recursive: true, force: true })
})

describe('/tiles from the MBTiles file', () => {
  it('serves XYZ tiles from TMS rows, and picks up a newly imported file without a restart', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const center = { lat: 39.8935, lng: 116.4645 }
    const a = join(dir, 'a.mbtiles')
    writeMbtiles(a, center, [12], 0)
    await installMbtiles(a, join(dir, 'data', 'tiles.mbtiles'))
    const app = tilesRouter(join(dir, 'data'), 'tiles.mbtiles')
    const t12 = tileOf(center.lat, center.lng, 12)
    const t13 = tileOf(center.lat, center.lng, 13)
    const get = (z: number, t: { x: number; y: number }) => app.request(`/${z}/${t.x}/${t.y}.png`)

    const ok = await get(12, t12)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toBe('image/png')
    expect((await get(13, t13)).status).toBe(404)

    const b = join(dir, 'b.mbtiles')
    writeMbtiles(b, center, [13], 0)
    await installMbtiles(b, join(dir, 'data', 'tiles.mbtiles'))
    vi.setSystemTime(Date.now() + 6000)
    expect((await get(13, t13)).status).toBe(200)
    expect((await get(12, t12)).status).toBe(404)
  })
})

describe('the local basemap names the deepest level it holds', () => {
  it('so the map scales up that level instead of asking for tiles that are not there', async () => {
    const data = join(dir, 'zoom')
    const env = { BASEMAP: 'local', DATA_DIR: data, MBTILES_FILE: 'tiles.mbtiles', OFFLINE_AREAS: [] } as unknown as Env
    expect(withNativeZoom(basemapOf(env), env).max_native_zoom).toBeNull()
    const file = join(dir, 'zoom.mbtiles')
    writeMbtiles(file, { lat: 39.8935, lng: 116.4645 }, [13, 14, 15], 0)
    await installMbtiles(file, join(data, 'tiles.mbtiles'))
    const local = withNativeZoom(basemapOf(env), env)
    expect(local.max_native_zoom).toBe(15)
    expect(local.max_zoom).toBe(19)
    // Another tile server, or the app's tiles behind TILE_URL: nothing is read from the file.
    const elsewhere = { ...env, TILE_URL: 'https://tiles.example/{z}/{x}/{y}.png' } as Env
    expect(withNativeZoom(basemapOf(elsewhere), elsewhere).max_native_zoom).toBeUndefined()
  })
})
