import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { tileOf, writeMbtiles } from '../test-support/mbtiles.ts'
import { installMbtiles } from '../cli/tiles-import.ts'
import { tilesRouter } from './tiles.ts'

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
