// The sites a batch of new reports is folded into, held in memory while the batch is folded: a site read
// from the database is parsed only when a sighting comes near it, and a sighting finds the sites near it
// through a grid of cells, not by looking at every site read for the batch.
import type { Site } from '#domain/patrol/hotspots.ts'
import type { PatrolHotspotsTable } from './tables.ts'

export interface Box {
  minLat: number
  maxLat: number
  minLng: number
  maxLng: number
}

const inBox = (b: Box, p: { lat: number; lng: number }) => p.lat >= b.minLat && p.lat <= b.maxLat && p.lng >= b.minLng && p.lng <= b.maxLng

export class LiveSites {
  /** When each site was first met: the order a scan of every live site meets them in. */
  private readonly order = new Map<string, number>()
  private readonly rows = new Map<string, PatrolHotspotsTable>()
  private readonly sites = new Map<string, Site>()
  private readonly cells = new Map<string, Set<string>>()
  private readonly cellOfSite = new Map<string, string>()

  /** `cell`: the grid's cell size in degrees (about one sighting's box: it then meets at most four cells). */
  constructor(
    rows: Iterable<PatrolHotspotsTable>,
    private readonly parse: (row: PatrolHotspotsTable) => Site,
    private readonly cell: { lat: number; lng: number },
  ) {
    for (const r of rows) {
      this.order.set(r.id, this.order.size)
      this.rows.set(r.id, r)
      this.place(r.id, r)
    }
  }

  private key(i: number, j: number) {
    return `${i}:${j}`
  }

  private place(id: string, at: { lat: number; lng: number }) {
    const key = this.key(Math.floor(at.lat / this.cell.lat), Math.floor(at.lng / this.cell.lng))
    const was = this.cellOfSite.get(id)
    if (was === key) return
    if (was !== undefined) this.cells.get(was)!.delete(id)
    let ids = this.cells.get(key)
    if (!ids) this.cells.set(key, (ids = new Set()))
    ids.add(id)
    this.cellOfSite.set(id, key)
  }

  /** A live site, parsed (undefined once absorbed). */
  get(id: string): Site | undefined {
    let site = this.sites.get(id)
    if (!site) {
      const row = this.rows.get(id)
      if (!row) return undefined
      site = this.parse(row)
      this.sites.set(id, site)
      this.rows.delete(id)
    }
    return site
  }

  /** The live sites whose centre lies in the box, parsed, in the order they were first met. */
  near(box: Box): Map<string, Site> {
    const found: string[] = []
    const [i0, i1] = [Math.floor(box.minLat / this.cell.lat), Math.floor(box.maxLat / this.cell.lat)]
    const [j0, j1] = [Math.floor(box.minLng / this.cell.lng), Math.floor(box.maxLng / this.cell.lng)]
    for (let i = i0; i <= i1; i++)
      for (let j = j0; j <= j1; j++)
        for (const id of this.cells.get(this.key(i, j)) ?? []) if (inBox(box, this.sites.get(id) ?? this.rows.get(id)!)) found.push(id)
    found.sort((a, b) => this.order.get(a)! - this.order.get(b)!)
    return new Map(found.map((id) => [id, this.get(id)!]))
  }

  /** After a sighting was folded into `near`: its sites as they are now (moved, or new) and the absorbed ones gone. */
  update(near: ReadonlyMap<string, Site>, absorbed: readonly string[]): void {
    for (const [id, site] of near) {
      if (!this.order.has(id)) this.order.set(id, this.order.size)
      this.sites.set(id, site)
      this.place(id, site)
    }
    for (const id of absorbed) {
      this.sites.delete(id)
      this.rows.delete(id)
      const key = this.cellOfSite.get(id)
      if (key !== undefined) this.cells.get(key)!.delete(id)
      this.cellOfSite.delete(id)
    }
  }
}
