// Tables of the coordinator's review as Kysely sees them, plus the review and intake columns
// migrations 0007, 0015 and 0018 add to patrol_reports (intersected with the patrol module's own row type).
import type { Generated } from 'kysely'

export interface PatrolReportReviewColumns {
  workflow_status: Generated<string>
  hotspot_id: string | null
  merged_into: string | null
  /** The note of the report's last status change, shown to its reporter. */
  review_note: Generated<string>
  /** 1 while a report that came without a position (Open311 address only) waits to be placed (migration 0015). */
  needs_position: Generated<number>
  /** JSON array of the links an Open311 client sent as media_url; never fetched by the server. */
  media_urls: Generated<string>
}

export interface PatrolHotspotsTable {
  subdistrict_id: string
  id: string
  lat: number
  lng: number
  community_id: string
  landmark: string
  formed: number
  status: string
  report_count: number
  sighting_count: number
  first_at: string
  last_at: string
  score_log: number
  blocked_sum: number
  blocked_n: number
  vehicles_sum: number
  vehicles_max: number
  /** JSON {recent, hours, weeks, operators, kinds, addresses}. */
  aggregates: string
  updated_at: string
  version: number
}

export interface PatrolReviewEventsTable {
  subdistrict_id: string
  id: string
  target: string
  target_id: string
  from_status: string | null
  to_status: string
  note: string
  actor_id: string
  at: string
}

export interface PatrolRechecksTable {
  subdistrict_id: string
  id: string
  report_id: string
  community_id: string
  assignee_id: string
  assigned_by: string
  due_at: string
  note: string
  status: string
  done_at: string | null
  done_observation_id: string | null
  created_at: string
  version: number
}

export interface Open311KeysTable {
  subdistrict_id: string
  id: string
  name: string
  key_hash: string
  created_by: string
  created_at: string
  revoked_at: string | null
}

export interface PatrolPhotoPublicationTable {
  subdistrict_id: string
  sha256: string
  approved_by: string
  approved_at: string
}

/** A placed report's position on the map grid and the values the map filters on (migration 0023). */
export interface PatrolMapIndexTable {
  subdistrict_id: string
  report_id: string
  gx: number
  gy: number
  /** Morton key of the position (tiles-morton.ts, migration 0027): a tile or a cell is one key range. */
  m: number | string
  kind: string
  status: string
  community_id: string
}

/** Report counts per map cell: level = tile zoom + CELL_BITS; sx, sy sum the reports' grid positions. */
export interface PatrolMapCellsTable {
  subdistrict_id: string
  level: number
  cx: number
  cy: number
  kind: string
  status: string
  community_id: string
  n: number
  sx: number | string
  sy: number | string
}

/** One version per map tile: the change-log seq of the last change to a report in it. */
export interface PatrolMapTilesTable {
  subdistrict_id: string
  z: number
  x: number
  y: number
  seq: number | string
}

/** How far the map tables are built and brought up to the change log (migrations 0023, 0024). */
export interface PatrolMapStateTable {
  subdistrict_id: string
  seq: number | string
  epoch: string
  phase: Generated<MapBuildPhase>
  cursor: string | null
  done: Generated<number>
  total: Generated<number>
}

/** indexing: reports are being copied in; catching_up: the changes logged meanwhile are folded in; ready: tiles are answered. */
export type MapBuildPhase = 'indexing' | 'catching_up' | 'ready'

export interface HotspotTables {
  patrol_map_index: PatrolMapIndexTable
  patrol_map_cells: PatrolMapCellsTable
  patrol_map_tiles: PatrolMapTilesTable
  patrol_map_state: PatrolMapStateTable
  patrol_reports: PatrolReportReviewColumns
  patrol_hotspots: PatrolHotspotsTable
  patrol_review_events: PatrolReviewEventsTable
  patrol_rechecks: PatrolRechecksTable
  open311_keys: Open311KeysTable
  patrol_photo_publication: PatrolPhotoPublicationTable
}
