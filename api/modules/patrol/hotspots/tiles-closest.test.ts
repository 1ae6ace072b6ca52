// The closest zoom: a dense cell of a zoom-18 tile answers one cluster with its count and cell number,
// a sparse one its reports as points, so a tile is bounded whatever the density; the cell's list holds
// exactly the reports the cluster counts, a page at a time, under the map's filter and roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import {
  CELL_BITS,
  CELLS_PER_SIDE,
  CellReports,
  GRID_BITS,
  MAX_ZOOM_CELL_POINTS,
  MapTile,
  TILE_MAX_ZOOM,
  cellNumber,
  fromGrid,
  tileOf,
  tileReportCount,
  toGrid,
} from '#domain/patrol/map-tiles.ts'

let t: TestApp
let insp: string
let coord: string
beforeAll(async () => {
  t = await createTestApp()
  ;[insp, coord] = [await t.login('inspector'), await t.login('coordinator')]
})
afterAll(() => t.close())

const Z = TILE_MAX_ZOOM
// A pavement away from the seeded places: its zoom-18 tile holds only what this file pushes.
const [TX, TY] = tileOf(toGrid(39.8975, 116.4822), Z)
const CELL_SIZE = 2 ** (GRID_BITS - Z - CELL_BITS)

/** Positions inside cell (column, row) of the tile, as a device rounds them (1e-6°), each checked to stay in it. */
function inCell(column: number, row: number, n: number) {
  const out: { lat: number; lng: number }[] = []
  const gx0 = (TX * CELLS_PER_SIDE + column) * CELL_SIZE
  const gy0 = (TY * CELLS_PER_SIDE + row) * CELL_SIZE
  for (let i = 0; out.length < n; i++) {
    const p = fromGrid(gx0 + CELL_SIZE * (0.2 + 0.6 * ((i * 0.37) % 1)), gy0 + CELL_SIZE * (0.2 + 0.6 * ((i * 0.61) % 1)))
    const at = { lat: Math.round(p.lat * 1e6) / 1e6, lng: Math.round(p.lng * 1e6) / 1e6 }
    const g = toGrid(at.lat, at.lng)
    if (Math.floor(g[0] / CELL_SIZE) === gx0 / CELL_SIZE && Math.floor(g[1] / CELL_SIZE) === gy0 / CELL_SIZE) out.push(at)
  }
  return out
}

const mutation = (at: { lat: number; lng: number }, kind: string, observed_at: string): Mutation => ({
  id: uuidv7(),
  entity: 'report',
  entity_id: uuidv7(),
  op: 'put',
  base_version: null,
  data: {
    position: { ...at, accuracy_m: 6, source: 'gps' },
    community_id: 'jiulongnan',
    address: '测试大厦东门人行道',
    kind,
    counts: { 'bike-a': 2 },
    blocked_share: 0.5,
    observed_at,
  },
  client_time: '2026-12-02T01:59:00Z',
})
async function push(mutations: Mutation[]) {
  const res = await t.req('/api/sync/push', { method: 'POST', cookie: insp, json: { device_id: 'phone-closest', mutations } })
  for (const r of ((await res.json()) as PushResponse).results) expect(r.status, JSON.stringify(r)).toBe('applied')
  return mutations.map((m) => m.entity_id)
}

const q = (s: string) => (s ? `?${s}` : '')
async function tile(query = '') {
  const res = await t.req(`/api/patrol/hotspots/tiles/${Z}/${TX}/${TY}${q(query)}`, { cookie: coord })
  expect(res.status).toBe(200)
  return MapTile.parse(await res.json())
}
const cellPath = (cell: number, query = '', z = Z, x = TX, y = TY) => `/api/patrol/hotspots/tiles/${z}/${x}/${y}/cells/${cell}${q(query)}`
async function list(cell: number, query = '', cookie = coord) {
  const res = await t.req(cellPath(cell, query), { cookie })
  expect(res.status, await res.clone().text()).toBe(200)
  return CellReports.parse(await res.json())
}
/** Every page of a cell's list, following `next`. */
async function allPages(cell: number, query: string, limit: number) {
  const pages: CellReports[] = []
  let before = ''
  do {
    const page = await list(cell, [query, `limit=${limit}`, before && `before=${before}`].filter(Boolean).join('&'))
    pages.push(page)
    before = page.next ?? ''
  } while (before && pages.length < 20)
  return pages
}

const DENSE = cellNumber(2, 3)
const SPARSE = cellNumber(6, 5)
const EMPTY = cellNumber(0, 0)
const OLD = '2026-11-29T02:00:00Z'
const NEW = '2026-12-02T01:58:00Z'
let bikes: string[] = []
let ebikes: string[] = []
let sparse: string[] = []

describe('closest-zoom clusters and their lists', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    // 25 in one cell (15 bikes, 5 of them seen on an earlier day; 10 e-bikes), 3 in another.
    const dense = inCell(2, 3, 25)
    bikes = await push(dense.slice(0, 15).map((at, i) => mutation(at, 'shared_bike', i < 5 ? OLD : NEW)))
    ebikes = await push(dense.slice(15).map((at) => mutation(at, 'delivery_ebike', NEW)))
    sparse = await push(inCell(6, 5, 3).map((at) => mutation(at, 'shared_bike', NEW)))
  })

  it('a dense cell answers one cluster with its count and cell; a sparse one its reports as points', async () => {
    const body = await tile()
    expect(tileReportCount(body)).toBe(28)
    expect(body.clusters).toHaveLength(1)
    const [lat, lng, n, cell] = body.clusters[0]!
    expect([n, cell]).toEqual([25, DENSE])
    // At the mean position of its reports, inside its cell.
    const g = toGrid(lat, lng)
    expect([Math.floor(g[0] / CELL_SIZE) - TX * CELLS_PER_SIDE, Math.floor(g[1] / CELL_SIZE) - TY * CELLS_PER_SIDE]).toEqual([2, 3])
    expect(body.points.map((p) => p[0]).sort()).toEqual([...sparse].sort())
    expect(body.truncated).toBe(false)
  })

  it('the threshold is per cell under the filter: up to MAX_ZOOM_CELL_POINTS stay points', async () => {
    expect(ebikes.length).toBe(MAX_ZOOM_CELL_POINTS)
    const e = await tile('kind=delivery_ebike')
    expect(e.clusters).toEqual([])
    expect(e.points.map((p) => p[0]).sort()).toEqual([...ebikes].sort())
    const b = await tile('kind=shared_bike')
    expect(b.clusters.map((c) => [c[2], c[3]])).toEqual([[15, DENSE]])
    // Filters the cells do not keep (dates, operators) group the tile's own reports the same way.
    const recent = await tile('from=2026-12-01&kind=shared_bike')
    expect(recent.clusters).toEqual([])
    expect(recent.points.map((p) => p[0]).sort()).toEqual([...bikes.slice(5), ...sparse].sort())
    const all = await tile('from=2026-11-01')
    expect(all.clusters.map((c) => [c[2], c[3]])).toEqual([[25, DENSE]])
  })

  it("the cell's list holds exactly the cluster's reports, newest first, a page at a time", async () => {
    const first = await list(DENSE)
    expect(first.total).toBe(25)
    expect(first.items.map((r) => r.id).sort()).toEqual([...bikes, ...ebikes].sort())
    expect(first.next).toBeNull()
    const ids = first.items.map((r) => r.id)
    expect(ids).toEqual([...ids].sort().reverse())
    expect(first.items[0]).toMatchObject({ address: '测试大厦东门人行道', kind: 'delivery_ebike', workflow_status: 'open' })

    const pages = await allPages(DENSE, '', 10)
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5])
    expect(pages.every((p) => p.total === 25)).toBe(true)
    expect(pages.flatMap((p) => p.items.map((r) => r.id))).toEqual(ids)

    expect((await list(DENSE, 'kind=shared_bike')).items.map((r) => r.id).sort()).toEqual([...bikes].sort())
    const recent = await list(DENSE, 'from=2026-12-01')
    expect(recent.total).toBe(20)
    expect(recent.items.map((r) => r.id).sort()).toEqual([...bikes.slice(5), ...ebikes].sort())
    expect((await list(SPARSE)).items.map((r) => r.id).sort()).toEqual([...sparse].sort())
    expect(await list(EMPTY)).toEqual({ total: 0, items: [], next: null })
    expect(await list(DENSE, 'status=resolved')).toEqual({ total: 0, items: [], next: null })
  })

  it('a new report in the cell changes the tile and the list', async () => {
    const before = await tile()
    const [id] = await push([mutation(inCell(2, 3, 26)[25]!, 'car', NEW)])
    const after = await tile()
    expect(after.clusters.map((c) => [c[2], c[3]])).toEqual([[26, DENSE]])
    expect(tileReportCount(after)).toBe(tileReportCount(before) + 1)
    const page = await list(DENSE, 'limit=1')
    expect([page.total, page.items[0]!.id]).toEqual([26, id])
    expect(page.next).toBe(id)
  })

  it('only coordinators and admins list a cell; bad cells and zooms are refused', async () => {
    expect((await t.req(cellPath(DENSE))).status).toBe(401)
    expect((await t.req(cellPath(DENSE), { cookie: insp })).status).toBe(403)
    expect((await list(DENSE, '', await t.login('admin'))).total).toBe(26)
    for (const bad of [
      cellPath(64),
      cellPath(DENSE, '', 17, TX >> 1, TY >> 1),
      cellPath(DENSE, '', Z, 2 ** Z, TY),
      cellPath(DENSE, 'limit=0'),
      cellPath(DENSE, 'before=x'),
    ]) {
      const res = await t.req(bad, { cookie: coord })
      expect(res.status, bad).toBe(400)
      expect(res.headers.get('content-type')).toContain('problem+json')
    }
  })
})
