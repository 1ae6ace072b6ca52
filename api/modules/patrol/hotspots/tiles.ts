// The coordinator's map as XYZ tiles, answered by ETag. The map tables (tiles-build.ts) follow the sync
// change log: before a tile is answered, the changes logged since the last read are folded in
// (tiles-fold.ts). A tile's ETag is its version with the filter, so an unchanged tile is a 304 without
// reading a report; a changed or new one is computed (tiles-compute.ts) once per version and kept.
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { ReviewFilter } from '#domain/patrol/workflow.ts'
import type { MapTile } from '#domain/patrol/map-tiles.ts'
import { freshMapState, type MapState } from './tiles-build.ts'
import { computeTile } from './tiles-compute.ts'
import type { Db } from './tiles-fold.ts'

/** The filter in one canonical text: equal filters give equal keys whatever the order of their values. */
export function filterKey(f: ReviewFilter): string {
  const list = (v: readonly string[] | undefined) => [...(v ?? [])].sort().join(',')
  return [f.from ?? '', f.to ?? '', list(f.community), list(f.kind), list(f.operator), list(f.status)].join(';')
}

/** A tile's version: the seq of the last change to a report in it (0: none since the build). */
export async function tileVersion(db: Db, sd: string, z: number, x: number, y: number): Promise<number> {
  const row = await db
    .selectFrom('patrol_map_tiles')
    .select('seq')
    .where('subdistrict_id', '=', sd)
    .where('z', '=', z)
    .where('x', '=', x)
    .where('y', '=', y)
    .executeTakeFirst()
  return Number(row?.seq ?? 0)
}

/** Strong validator of one tile under one filter: the build, the tile, its version and the filter. */
export function tileEtag(state: MapState, z: number, x: number, y: number, version: number, f: ReviewFilter): string {
  const h = createHash('sha256').update(filterKey(f)).digest('base64url').slice(0, 12)
  return `"${state.epoch}-${z}-${x}-${y}-${version}-${h}"`
}

/**
 * The latest answer of each tile under each filter, per database handle: a tile asked again under the
 * same version is not computed again, and a new version replaces the old one (whose ETag nobody is
 * answered with again), so the cache holds at most one answer per tile and filter.
 */
interface Cached {
  /** The ETag of the version this answer is of. */
  base: string
  body: MapTile
  json: string
  gzip?: Uint8Array
}
const bodies = new WeakMap<object, Map<string, Cached>>()
const MAX_CACHED = 4000

/** How many tile answers are kept for this database handle (tests). */
export const cachedTileAnswers = (db: object): number => bodies.get(db)?.size ?? 0

export interface TileAnswer {
  /** Strong: the gzip answer has its own tag (`…-gz`), as its bytes differ. */
  etag: string
  /** Undefined when If-None-Match already names this version. */
  body?: MapTile
  /** The answer's bytes: JSON, or gzip of it when asked for. */
  bytes?: Uint8Array | string
  encoding?: 'gzip'
}

/** Weak comparison, as If-None-Match is defined: `W/"x"` matches `"x"`. */
const matches = (ifNoneMatch: string | undefined, etag: string) =>
  Boolean(ifNoneMatch) && (ifNoneMatch!.trim() === '*' || ifNoneMatch!.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))

/**
 * One tile for the coordinator's map: its ETag, and its body unless `ifNoneMatch` names it. With
 * `gzip`, the bytes are compressed once per tile version and kept with it.
 */
export async function mapTile(
  db: Kysely<DB>,
  sd: string,
  f: ReviewFilter,
  t: { z: number; x: number; y: number },
  ifNoneMatch?: string,
  gzip = false,
  onBuildError?: (e: unknown) => void,
): Promise<TileAnswer> {
  const { z, x, y } = t
  const state = await freshMapState(db, sd, onBuildError)
  const base = tileEtag(state, z, x, y, await tileVersion(db, sd, z, x, y), f)
  const etag = gzip ? `${base.slice(0, -1)}-gz"` : base
  if (matches(ifNoneMatch, etag)) return { etag }
  const cache = bodies.get(db) ?? new Map<string, Cached>()
  bodies.set(db, cache)
  const key = `${sd}|${z}/${x}/${y}|${filterKey(f)}`
  let hit = cache.get(key)
  // Least recently used goes first: a hit moves to the end.
  cache.delete(key)
  if (hit?.base !== base) {
    const body = await computeTile(db, sd, f, z, x, y)
    hit = { base, body, json: JSON.stringify(body) }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!)
  }
  cache.set(key, hit)
  if (!gzip) return { etag, body: hit.body, bytes: hit.json }
  hit.gzip ??= gzipSync(hit.json)
  return { etag, body: hit.body, bytes: hit.gzip, encoding: 'gzip' }
}
