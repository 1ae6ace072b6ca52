// The grid the batch fold finds nearby sites through must answer exactly what a scan of every live site
// answers, in the same order (the fold's nearest-site and merge choices depend on that order), while
// sites move, appear and are absorbed.
import { describe, expect, it } from 'vitest'
import { boundingBox } from '#domain/geo.ts'
import { HOTSPOT_RADIUS_M, type Site } from '#domain/patrol/hotspots.ts'
import { LiveSites } from './live-sites.ts'
import type { PatrolHotspotsTable } from './tables.ts'

function rng(seed: number) {
  let a = seed
  return () => (a = (a * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
}

describe('the live sites of a batch fold', () => {
  it('finds the sites in a box as a scan of all of them does, in the same order, as they move, appear and go', () => {
    const r = rng(7)
    const point = () => ({ lat: 39.89 + r() * 0.01, lng: 116.47 + r() * 0.01 })
    const rows = Array.from({ length: 400 }, (_, i) => ({ id: `s${i}`, ...point() }) as PatrolHotspotsTable)
    const parse = (row: PatrolHotspotsTable) => ({ id: row.id, lat: row.lat, lng: row.lng }) as Site
    const box0 = boundingBox(point(), 2 * HOTSPOT_RADIUS_M)
    const live = new LiveSites(rows, parse, { lat: box0.maxLat - box0.minLat, lng: box0.maxLng - box0.minLng })
    // The scan: every live site in first-met order.
    const scan = new Map(rows.map((row) => [row.id, { id: row.id, lat: row.lat, lng: row.lng } as Site]))
    for (let step = 0; step < 300; step++) {
      const box = boundingBox(point(), 2 * HOTSPOT_RADIUS_M)
      const near = live.near(box)
      const expected = [...scan.values()].filter((s) => s.lat >= box.minLat && s.lat <= box.maxLat && s.lng >= box.minLng && s.lng <= box.maxLng)
      expect([...near.keys()]).toEqual(expected.map((s) => s.id))
      // Fold something: the first site moves a little, the last is absorbed, a new one appears.
      const absorbed: string[] = []
      const ids = [...near.keys()]
      if (ids.length > 1) {
        absorbed.push(ids.at(-1)!)
        near.delete(ids.at(-1)!)
        scan.delete(ids.at(-1)!)
      }
      if (ids.length) {
        const s = near.get(ids[0]!)!
        s.lat += (r() - 0.5) * 0.002
        s.lng += (r() - 0.5) * 0.002
        scan.get(s.id)!.lat = s.lat
        scan.get(s.id)!.lng = s.lng
      }
      const fresh = { id: `n${step}`, ...point() } as Site
      near.set(fresh.id, fresh)
      scan.set(fresh.id, { ...fresh })
      live.update(near, absorbed)
    }
  })

  it('parses only the sites a box comes near', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ id: `s${i}`, lat: 39.89 + i * 0.001, lng: 116.47 }) as PatrolHotspotsTable)
    const parsed: string[] = []
    const live = new LiveSites(
      rows,
      (row) => {
        parsed.push(row.id)
        return { id: row.id, lat: row.lat, lng: row.lng } as Site
      },
      { lat: 0.005, lng: 0.005 },
    )
    const near = live.near({ minLat: 39.8945, maxLat: 39.8975, minLng: 116.46, maxLng: 116.48 })
    expect([...near.keys()]).toEqual(['s5', 's6', 's7'])
    expect(parsed).toEqual(['s5', 's6', 's7'])
  })
})
