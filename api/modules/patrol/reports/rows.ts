// Turning patrol rows into the wire records the devices hold, and back: one place that knows the
// JSON columns and the flattened position, so entities, routes and the seed agree.
import type { Observation, ObservationInput, Report, ReportInput, WorkflowStatus } from '#domain/patrol/report.ts'
import type { PatrolObservationsTable, PatrolReportsTable } from '../tables.ts'

const parseJson = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

const sightingColumns = (v: ReportInput | ObservationInput) => ({
  lat: v.position.lat,
  lng: v.position.lng,
  accuracy_m: v.position.accuracy_m,
  position_source: v.position.source,
  counts: JSON.stringify(v.counts),
  blocked_share: v.blocked_share,
  clear_width_m: v.clear_width_m,
  photos: JSON.stringify(v.photos),
  note: v.note,
  observed_at: new Date(v.observed_at).toISOString(),
})

export function reportColumns(v: ReportInput) {
  return { ...sightingColumns(v), community_id: v.community_id, address: v.address, kind: v.kind }
}

export function observationColumns(v: ObservationInput) {
  return { ...sightingColumns(v), report_id: v.report_id }
}

const sightingOf = (row: PatrolReportsTable | PatrolObservationsTable) => ({
  position: { lat: row.lat, lng: row.lng, accuracy_m: row.accuracy_m, source: row.position_source as 'gps' | 'map' },
  counts: parseJson<Record<string, number>>(row.counts, {}),
  blocked_share: row.blocked_share,
  clear_width_m: row.clear_width_m,
  photos: parseJson<string[]>(row.photos, []),
  note: row.note,
  observed_at: row.observed_at,
})

/** A report row; the review columns are there once read back (a row being inserted has the defaults). */
type ReportRow = PatrolReportsTable & { workflow_status?: string; review_note?: string }

export function reportOf(row: ReportRow, reporterName: string): Report {
  return {
    id: row.id,
    ...sightingOf(row),
    community_id: row.community_id,
    address: row.address,
    kind: row.kind as Report['kind'],
    reporter_id: row.reporter_id,
    reporter_name: reporterName,
    received_at: row.received_at,
    updated_at: row.updated_at,
    status: row.status as Report['status'],
    workflow_status: (row.workflow_status ?? 'open') as WorkflowStatus,
    review_note: row.review_note ?? '',
    version: row.version,
  }
}

export function observationOf(row: PatrolObservationsTable, reporterName: string): Observation {
  return {
    id: row.id,
    ...sightingOf(row),
    report_id: row.report_id,
    community_id: row.community_id,
    reporter_id: row.reporter_id,
    reporter_name: reporterName,
    received_at: row.received_at,
    version: row.version,
  }
}
