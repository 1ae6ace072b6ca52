// Rows of an export and their two encodings. Times carry their offset in both (Beijing wall time,
// '+08:00'); spreadsheet formulas in user text are neutralised in the CSV.
import type { Kysely } from 'kysely'
import { stringify } from 'csv-stringify/sync'
import type { DB } from '../../../db/schema.ts'
import type { ReviewFilter } from '#domain/patrol/workflow.ts'
import { filteredReports } from '../hotspots/filter.ts'
import type { ReportsGeoJson } from '#domain/patrol/hotspot-views.ts'
import { DEFAULT_OPERATORS } from '#domain/patrol/operators.ts'
import { REPORT_KIND_ZH, WORKFLOW_STATUS_ZH } from '#domain/patrol/labels.ts'
import type { ReportKind } from '#domain/patrol/report.ts'
import type { WorkflowStatus } from '#domain/patrol/workflow.ts'
import { beijingIso } from '#domain/time.ts'

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

export interface OperatorColumn {
  id: string
  name: string
}

/** Every operator the office has named, retired ones too (their old counts still export), in list order. */
export async function operatorColumns(db: Kysely<DB>, sd: string): Promise<OperatorColumn[]> {
  const rows = await db
    .selectFrom('patrol_operators')
    .select(['id', 'name'])
    .where('subdistrict_id', '=', sd)
    .orderBy('active', 'desc')
    .orderBy('sort_order')
    .orderBy('id')
    .execute()
  return rows.length ? rows : DEFAULT_OPERATORS.map(({ id, name }) => ({ id, name }))
}

export interface CsvOptions {
  /** The named operators; a count under an id not among them gets its own column, headed by the id. */
  operators: readonly OperatorColumn[]
  /** Kinds and statuses as their codes (shared_bike, in_progress) instead of their Chinese names. */
  codes?: boolean
}

/** 0.5 → '50%'; at most one decimal ('33.3%'). */
const percent = (share: number | null) => (share === null ? '' : `${Math.round(share * 1000) / 10}%`)

/**
 * The CSV people open in Excel or WPS: UTF-8 with a BOM, CRLF, Chinese headers and labels, one column
 * per operator, times in Beijing with their offset. csv-stringify quotes the cells and neutralises
 * text that a spreadsheet would run as a formula (=, +, -, @, tab, CR: prefixed with ').
 */
export function toCsv(rows: Row[], { operators, codes = false }: CsvOptions): string {
  const known = new Set(operators.map((o) => o.id))
  const extra = [...new Set(rows.flatMap((r) => Object.keys(r.counts)))].filter((id) => !known.has(id)).sort()
  const opColumns = [...operators, ...extra.map((id) => ({ id, name: id }))]
  const header = [
    '编号',
    '观察时间(北京)',
    '社区',
    '类型',
    '地点',
    '处理状态',
    '车辆合计',
    ...opColumns.map((o) => o.name),
    '占用比例',
    '剩余宽度(米)',
    '纬度',
    '经度',
    '热点',
  ]
  const records = rows.map((r) => [
    r.id,
    beijingIso(r.observed_at),
    r.community_name ?? r.community_id,
    codes ? r.kind : (REPORT_KIND_ZH[r.kind as ReportKind] ?? r.kind),
    r.address,
    codes ? r.workflow_status : (WORKFLOW_STATUS_ZH[r.workflow_status as WorkflowStatus] ?? r.workflow_status),
    Object.values(r.counts).reduce((s, n) => s + n, 0),
    ...opColumns.map((o) => r.counts[o.id] ?? ''),
    percent(r.blocked_share),
    r.clear_width_m ?? '',
    r.lat,
    r.lng,
    r.hotspot ?? '',
  ])
  return stringify([header, ...records], { bom: true, record_delimiter: 'windows', escape_formulas: true })
}

/** Seven decimals of a degree: about a centimetre, more than any phone's fix. */
const deg7 = (v: number) => Math.round(v * 1e7) / 1e7

export function toGeoJson(rows: Row[]): ReportsGeoJson {
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      geometry: { type: 'Point' as const, coordinates: [deg7(r.lng), deg7(r.lat)] as [number, number] },
      properties: {
        observed_at: beijingIso(r.observed_at),
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
