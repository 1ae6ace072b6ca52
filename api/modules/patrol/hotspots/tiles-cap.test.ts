// A zoom-18 tile over the points cap lists the newest reports, so a report just pushed in a crowded spot
// is on the coordinator's map, and says that more were there.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import { TILE_MAX_POINTS, TILE_MAX_ZOOM, tileGridRange, tileOf, toGrid } from '#domain/patrol/map-tiles.ts'
import { computeTile } from './tiles-compute.ts'
import { mortonOf } from './tiles-morton.ts'

const SD = 'shuangjing'
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

it('a points tile over the cap keeps the newest reports and says it was cut', { timeout: 60_000 }, async () => {
  const z = TILE_MAX_ZOOM
  const [x, y] = tileOf(toGrid(39.8986, 116.4801), z)
  const [x0, y0, x1, y1] = tileGridRange(z, x, y)
  const start = Date.parse('2026-01-01T00:00:00Z')
  // Ids in time order, oldest first, spread over the tile.
  const rows = Array.from({ length: TILE_MAX_POINTS + 10 }, (_, i) => {
    const gx = x0 + ((i * 7919) % (x1 - x0))
    const gy = y0 + ((i * 104729) % (y1 - y0))
    return {
      subdistrict_id: SD,
      report_id: uuidv7(start + i * 1000),
      gx,
      gy,
      m: mortonOf(gx, gy),
      kind: 'shared_bike',
      status: 'open',
      community_id: 'jiulongnan',
    }
  })
  for (let i = 0; i < rows.length; i += 500)
    await t.deps.db
      .insertInto('patrol_map_index')
      .values(rows.slice(i, i + 500))
      .execute()

  const tile = await computeTile(t.deps.db, SD, {}, z, x, y)
  expect(tile.truncated).toBe(true)
  expect(tile.points).toHaveLength(TILE_MAX_POINTS)
  const ids = new Set(tile.points.map((p) => p[0]))
  expect(ids.has(rows.at(-1)!.report_id)).toBe(true)
  expect(ids.has(rows[0]!.report_id)).toBe(false)
})
