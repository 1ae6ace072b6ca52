// Rows of an export and their two encodings. Times are shown in Beijing time for people (CSV) and as
// UTC instants for machines (GeoJSON); spreadsheet formulas in user text are neutralised.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { ReviewFilter } from '#domain/patrol/workflow.ts'
import { filteredReports } from '../hotspots/filter.ts'
import type { ReportsGeoJson } from '#domain/patrol/hotspot-views.ts'

export const MAX_EXPORT_ROWS = 100_000

export async function exportRows(db: Kysely<DB>, sd: string, f: ReviewFilter) {
  const rows = await filteredReports(db, sd, f)
    .leftJoin('patrol_hotspots as h', (j) => j.onRef('h.subdistrict_id', '=', 'r.subdistrict_id').onRef('h.id', '=', 'r.hotspot_id'))
    .leftJoin('communities as c', (j) => j.onRef('c.subdistrict_id', '=', 'r.subdistrict_id').onRef('c.id', '=', 'r.community_id'))
    .select([
      'r.id',
      'r.observed_at',
      'r.community_id',
      'c.name as community_name',
      'r.kind',
      'r.address',
      'r.workflow_status',
      'r.counts',
      'r.blocked_share',
      'r.clear_width_m',
      'r.lat',
      'r.lng',
      'r.hotspot_id',
      'h.landmark as hotspot_landmark',
      'h.formed as hotspot_formed',
    ])
    .orderBy('r.observed_at', 'desc')
    .orderBy('r.id')
    .limit(MAX_EXPORT_ROWS)
    .execute()
  return rows.map((r) => ({ ...r, counts: JSON.parse(r.counts) as Record<string, number>, hotspot: r.hotspot_formed === 1 ? r.hotspot_landmark : null }))
}
type Row = Awaited<ReturnType<typeof exportRows>>[number]

const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export const CSV_HEADER = [
  '编号',
  '观察时间(北京)',
  '社区',
  '类型',
  '地点',
  '处理状态',
  '车辆合计',
  '各运营方数量',
  '占用比例',
  '剩余宽度(米)',
  '纬度',
  '经度',
  '热点',
]

export function toCsv(rows: Row[]): string {
  const lines = [CSV_HEADER.join(',')]
  for (const r of rows) {
    const total = Object.values(r.counts).reduce((s, n) => s + n, 0)
    const ops = Object.entries(r.counts)
      .map(([k, n]) => `${k}:${n}`)
      .join(' ')
    lines.push(
      [
        r.id,
        beijing(r.observed_at),
        r.community_name ?? r.community_id,
        r.kind,
        r.address,
        r.workflow_status,
        total,
        ops,
        r.blocked_share ?? '',
        r.clear_width_m ?? '',
        r.lat,
        r.lng,
        r.hotspot ?? '',
      ]
        .map(cell)
        .join(','),
    )
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

export function toGeoJson(rows: Row[]): ReportsGeoJson {
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      geometry: { type: 'Point' as const, coordinates: [r.lng, r.lat] as [number, number] },
      properties: {
        observed_at: r.observed_at,
        community_id: r.community_id,
        kind: r.kind,
        address: r.address,
        status: r.workflow_status,
        counts: r.counts,
        blocked_share: r.blocked_share,
        clear_width_m: r.clear_width_m,
        hotspot_id: r.hotspot ? r.hotspot_id : null,
        hotspot: r.hotspot,
      },
    })),
  }
}
