// Open311 GeoReport v2 as this subdistrict speaks it: obstruction kinds are the service codes, the
// public request record (no names, no unapproved photos, no free text), and the query limits.
import { REPORT_KINDS, type ReportKind } from './patrol/report.ts'
import { BLOCKED_SHARE_PICKS } from './patrol/report.ts'
import type { WorkflowStatus } from './patrol/workflow.ts'

/** The spec's default answer is at most 1000 requests; `page`/`page_size` (an extension) page beyond it. */
export const OPEN311_MAX_PAGE_SIZE = 1000
export const OPEN311_DEFAULT_PAGE_SIZE = 1000
/** address_id FixMyStreet sends for a report its user did not pin on the map. */
export const NOT_PINPOINTED = '#NOTPINPOINTED#'
/** Without dates, GET requests covers the last 90 days (the spec's default window). */
export const OPEN311_DEFAULT_DAYS = 90

export const SERVICE_NAMES: Record<ReportKind, { name: string; description: string; keywords: string }> = {
  shared_bike: { name: '共享单车占道', description: '共享单车堆放占用人行道、盲道或出入口', keywords: '共享单车,占道,人行道' },
  delivery_ebike: { name: '外卖电动车占道', description: '外卖骑手电动车停放占用人行道', keywords: '外卖,电动车,占道' },
  private_ebike: { name: '私人电动车占道', description: '私人电动自行车停放占用人行道或盲道', keywords: '电动车,盲道' },
  car: { name: '机动车占道', description: '机动车停放占用人行道或消防通道', keywords: '机动车,消防通道' },
  stall: { name: '摊点占道', description: '流动摊点占用人行道', keywords: '摊点,占道经营' },
  debris: { name: '杂物堆放', description: '杂物、垃圾或建材堆放占用人行道', keywords: '杂物,堆物' },
  other: { name: '其他占道', description: '其他占用人行道的情况', keywords: '占道' },
}

export const SERVICE_GROUP = '人行道占用'

export interface Open311Attribute {
  variable: boolean
  code: string
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist'
  required: boolean
  datatype_description: string
  order: number
  description: string
  values?: { key: string; name: string }[]
}

export function serviceAttributes(operators: readonly { id: string; name: string }[]): Open311Attribute[] {
  return [
    { variable: true, code: 'vehicle_count', datatype: 'number', required: false, datatype_description: '0–500 的整数', order: 1, description: '车辆数量' },
    {
      variable: true,
      code: 'operator',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: '',
      order: 2,
      description: '运营方',
      values: operators.map((o) => ({ key: o.id, name: o.name })),
    },
    {
      variable: true,
      code: 'blocked_share',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: '',
      order: 3,
      description: '人行道被占比例',
      values: BLOCKED_SHARE_PICKS.map((p, i) => ({ key: String(Math.round(p * 1000) / 1000), name: ['1/3', '1/2', '2/3', '全部'][i] ?? String(p) })),
    },
  ]
}

export const isServiceCode = (code: string): code is ReportKind => (REPORT_KINDS as readonly string[]).includes(code)

/** Open311 has two states: the office's finished states are `closed`. */
export const open311Status = (s: WorkflowStatus): 'open' | 'closed' => (['resolved', 'verified', 'duplicate', 'not_ours'].includes(s) ? 'closed' : 'open')

/** Fixed public wording per state: coordinators' notes can name people, so they never go out. */
export const STATUS_NOTES: Record<WorkflowStatus, string> = {
  open: '已受理',
  notified: '已通知相关单位',
  in_progress: '正在处理',
  resolved: '已处理',
  verified: '已复查确认',
  duplicate: '与其他上报重复，已合并',
  not_ours: '不属于本街道职责范围，已转交',
}

/**
 * A workflow state as the servicerequestupdates extension (FixMyStreet) names it: FixMyStreet maps
 * `fixed`, `in_progress`, `action_scheduled`, `duplicate` and `not_councils_responsibility` onto its own
 * states, and `closed` onto "fixed", which would be wrong for a duplicate or a report that is not ours.
 */
export const UPDATE_STATUS: Record<WorkflowStatus, string> = {
  open: 'open',
  notified: 'action_scheduled',
  in_progress: 'in_progress',
  resolved: 'fixed',
  verified: 'fixed',
  duplicate: 'duplicate',
  not_ours: 'not_councils_responsibility',
}

export const UPDATE_FIELDS = ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url', 'external_status_code'] as const
export type Open311Update = Record<(typeof UPDATE_FIELDS)[number], string | null>

/** The fields of one request, in the spec's order. */
export const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
] as const
export type Open311Request = Record<(typeof REQUEST_FIELDS)[number], string | number | null>

export const SERVICE_FIELDS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'] as const
