// Reading a 12345 export: which column is which (by its Chinese header and a few known synonyms), and
// each row's cells into an order or a list of what could not be read, in Beijing time. Pure: the
// server decodes the file (CSV or .xlsx) into header and cell values and hands them here.
import { z } from 'zod'
import { text } from '../text.ts'
import { BUSINESS_TZ_OFFSET_MIN } from '../time.ts'
import { maskPhone, normalizePhone } from '../phone.ts'
import { Id } from '../ids.ts'
import { LIMITS, ORDER_NO_RE } from './work-orders.ts'

export const IMPORT_FIELDS = ['order_no', 'received_at', 'category', 'address', 'content', 'deadline_at', 'caller_phone'] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]
export const REQUIRED_FIELDS: readonly ImportField[] = ['order_no', 'received_at', 'content', 'deadline_at']

/** Headers as the hotline system writes them, best first; a file with two of one field uses the first listed. */
export const HEADER_SYNONYMS: Record<ImportField, readonly string[]> = {
  order_no: ['工单编号', '工单号', '工单编码', '编号'],
  received_at: ['受理时间', '派单时间', '来电时间', '登记时间'],
  category: ['问题分类', '诉求分类', '问题类型', '分类'],
  address: ['问题地址', '地址', '事发地址', '诉求地址'],
  content: ['诉求内容', '反映内容', '问题描述', '来电内容'],
  deadline_at: ['办结时限', '处理时限', '办理时限', '截止时间'],
  caller_phone: ['来电号码', '联系电话', '来电人电话'],
}

/** The name of each field as the export spells it (for messages that name a missing column). */
export const FIELD_HEADER: Record<ImportField, string> = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, HEADER_SYNONYMS[f][0]])) as Record<ImportField, string>

/** At most this many data rows in one file (a month of a subdistrict is a few hundred). */
export const MAX_IMPORT_ROWS = 3000
/** At most this many bytes in one file, so the base64 body stays under the API's 1 MB. */
export const MAX_IMPORT_BYTES = 700 * 1024

/** Trims, drops spaces, a BOM, a trailing colon or asterisk and bracketed notes: `* 受理时间（必填）：` → `受理时间`. */
export function normaliseHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*＊:：]/g, '')
}

export interface HeaderMap {
  /** Column index of each field found. */
  columns: Partial<Record<ImportField, number>>
  /** Required fields without a column. */
  missing: ImportField[]
  /** Headers the import does not use (other columns of the export), as written in the file. */
  ignored: string[]
}

export function mapHeaders(headers: readonly string[]): HeaderMap {
  const norm = headers.map(normaliseHeader)
  const columns: Partial<Record<ImportField, number>> = {}
  const used = new Set<number>()
  for (const field of IMPORT_FIELDS) {
    for (const name of HEADER_SYNONYMS[field]) {
      const i = norm.indexOf(name)
      if (i >= 0 && !used.has(i)) {
        columns[field] = i
        used.add(i)
        break
      }
    }
  }
  return {
    columns,
    missing: REQUIRED_FIELDS.filter((f) => columns[f] === undefined),
    ignored: headers.filter((h, i) => !used.has(i) && norm[i] !== ''),
  }
}

/** Whether a row looks like the header row (it names the order number column). */
export const isHeaderRow = (cells: readonly string[]) => cells.some((c) => HEADER_SYNONYMS.order_no.includes(normaliseHeader(c)))

/** A cell as the reader hands it over: text, a number, a date (an .xlsx date cell: its UTC fields are the wall clock) or empty. */
export type Cell = string | number | Date | null

const pad = (n: number) => String(n).padStart(2, '0')

/** Beijing wall clock → the UTC instant (Beijing has no daylight saving time). */
function beijingToIso(y: number, mo: number, d: number, h: number, mi: number, s: number): string | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  if (d > days || y < 2000 || y > 2100) return undefined
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - BUSINESS_TZ_OFFSET_MIN * 60_000).toISOString()
}

const DATE_TIME_RE =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(?:T|\s)\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*(?:[:：分]\s*(\d{1,2})(?:\.\d+)?\s*秒?)?\s*分?)?$/

/** Excel's serial day 0 (1899-12-30), in ms of the UTC epoch. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)

export type TimeRead = { ok: true; iso: string; dateOnly: boolean } | { ok: false }

/** A time in Beijing as the export writes it: `2026-11-03 09:12[:00]`, `2026/11/3 9:12`, `2026年11月3日 9时12分`, a date cell, an Excel serial. */
export function readTime(cell: Cell): TimeRead {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { ok: false }
    const iso = beijingToIso(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate(), cell.getUTCHours(), cell.getUTCMinutes(), cell.getUTCSeconds())
    const dateOnly = cell.getUTCHours() === 0 && cell.getUTCMinutes() === 0 && cell.getUTCSeconds() === 0
    return iso ? { ok: true, iso, dateOnly } : { ok: false }
  }
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell < 36526 || cell > 73051) return { ok: false } // 2000-01-01 … 2100-01-01
    return readTime(new Date(EXCEL_EPOCH_MS + Math.round(cell * 86_400) * 1000))
  }
  const m = DATE_TIME_RE.exec((cell ?? '').trim())
  if (!m) return { ok: false }
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x)))
  const iso = beijingToIso(y!, mo!, d!, h ?? 0, mi ?? 0, s ?? 0)
  return iso ? { ok: true, iso, dateOnly: h === undefined } : { ok: false }
}

const DURATION_RE = /^(\d{1,3})\s*(个)?\s*(小时|天|日|自然日|工作日)$/

export type DeadlineRead = { ok: true; iso: string } | { ok: false; key: 'hotline_deadline_format' | 'hotline_deadline_workdays' }

/** 办结时限: an instant, a date (the end of that day in Beijing), or a span from the received time (`24小时`, `3天`). */
export function readDeadline(cell: Cell, receivedIso: string | undefined): DeadlineRead {
  const t = readTime(cell)
  if (t.ok) return { ok: true, iso: t.dateOnly ? new Date(Date.parse(t.iso) + 86_400_000 - 1000).toISOString() : t.iso }
  const m = typeof cell === 'string' ? DURATION_RE.exec(cell.trim()) : null
  if (!m) return { ok: false, key: 'hotline_deadline_format' }
  if (m[3] === '工作日') return { ok: false, key: 'hotline_deadline_workdays' }
  if (!receivedIso) return { ok: false, key: 'hotline_deadline_format' }
  const hours = Number(m[1]) * (m[3] === '小时' ? 1 : 24)
  return { ok: true, iso: new Date(Date.parse(receivedIso) + hours * 3_600_000).toISOString() }
}

/** A cell as text: numbers as written (an order number read as a number keeps its digits), dates in Beijing time. */
export function cellText(cell: Cell): string {
  if (cell === null) return ''
  if (cell instanceof Date)
    return `${cell.getUTCFullYear()}-${pad(cell.getUTCMonth() + 1)}-${pad(cell.getUTCDate())} ${pad(cell.getUTCHours())}:${pad(cell.getUTCMinutes())}`
  if (typeof cell === 'number') return Number.isInteger(cell) ? BigInt(cell).toString() : String(cell)
  return cell.trim()
}

/** Masks a caller's number: a mainland mobile or Beijing landline as the app masks them, another number (7–15 digits) keeping its first 3 and last 4. */
export function maskCaller(raw: string): string | undefined {
  const normal = normalizePhone(raw)
  if (normal) return maskPhone(normal)
  const digits = raw.replace(/[\s\-()（）+]/g, '')
  if (!/^\d{7,15}$/.test(digits)) return undefined
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`
}

/** One order read from a row, ready to store. */
export interface ParsedOrder {
  row: number
  order_no: string
  received_at: string
  category: string
  address: string
  content: string
  deadline_at: string
  caller_masked: string | null
}

export interface RowProblem {
  row: number
  /** The column as the file names it (or the field's usual header when the column is missing). */
  column: string
  key: string
}

/** Reads one data row (`row`: its number in the file, header = the row above the first data row). */
export function readRow(cells: readonly Cell[], row: number, map: HeaderMap, headers: readonly string[], now: Date): ParsedOrder | RowProblem[] {
  const problems: RowProblem[] = []
  const col = (f: ImportField) => (map.columns[f] === undefined ? FIELD_HEADER[f] : (headers[map.columns[f]!] ?? FIELD_HEADER[f]).trim())
  const raw = (f: ImportField): Cell => (map.columns[f] === undefined ? null : (cells[map.columns[f]!] ?? null))
  const str = (f: ImportField) => cellText(raw(f)).replace(/\r\n?/g, '\n')
  const fail = (f: ImportField, key: string) => problems.push({ row, column: col(f), key })

  const orderNo = str('order_no')
  if (!orderNo) fail('order_no', 'hotline_order_no_required')
  else if (!ORDER_NO_RE.test(orderNo)) fail('order_no', 'hotline_order_no_format')

  let received: string | undefined
  if (!str('received_at')) fail('received_at', 'hotline_received_required')
  else {
    const t = readTime(raw('received_at'))
    if (!t.ok) fail('received_at', 'hotline_received_format')
    else if (Date.parse(t.iso) > now.getTime() + 5 * 60_000) fail('received_at', 'hotline_received_future')
    else received = t.iso
  }

  let deadline: string | undefined
  if (!str('deadline_at')) fail('deadline_at', 'hotline_deadline_required')
  else {
    const d = readDeadline(raw('deadline_at'), received)
    if (!d.ok) {
      // A span (`24小时`) counts from the received time: when that is unreadable, its own error says so.
      if (received || !DURATION_RE.test(str('deadline_at')) || d.key === 'hotline_deadline_workdays') fail('deadline_at', d.key)
    } else if (received && d.iso <= received) fail('deadline_at', 'hotline_deadline_before_received')
    else deadline = d.iso
  }

  const content = str('content')
  if (!content) fail('content', 'hotline_content_required')
  else if (content.length > LIMITS.content) fail('content', 'hotline_content_long')
  const category = str('category')
  if (category.length > LIMITS.category) fail('category', 'hotline_category_long')
  const address = str('address')
  if (address.length > LIMITS.address) fail('address', 'hotline_address_long')

  let caller: string | null = null
  const phone = str('caller_phone')
  if (phone) {
    caller = maskCaller(phone) ?? null
    if (!caller) fail('caller_phone', 'hotline_phone_unreadable')
  }
  for (const f of ['content', 'category', 'address', 'order_no'] as const) {
    if (!text().safeParse(str(f)).success) fail(f, 'text_control')
  }
  if (problems.length || !received || !deadline) return problems
  return { row, order_no: orderNo, received_at: received, category, address, content, deadline_at: deadline, caller_masked: caller }
}

export const ImportFile = z.strictObject({
  /** Optional client-made id: a resend of the same import answers with the first answer. */
  id: Id.optional(),
  filename: text().trim().min(1, { error: 'hotline_file_name' }).max(200, { error: 'hotline_file_name' }),
  /** The file's bytes in base64 (CSV in UTF-8 or GB18030, or .xlsx). */
  content_base64: text()
    .max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4, { error: 'hotline_file_too_big' })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'hotline_file_base64' }),
})
export type ImportFile = z.infer<typeof ImportFile>

export const ImportRowError = z.object({
  /** The row's number in the file as a spreadsheet shows it (the header row is usually 1). */
  row: z.number(),
  column: z.string(),
  code: z.string(),
  message: z.string(),
})
export type ImportRowError = z.infer<typeof ImportRowError>

export const ImportPreviewOrder = z.object({
  row: z.number(),
  order_no: z.string(),
  received_at: z.string(),
  category: z.string(),
  address: z.string(),
  content: z.string(),
  deadline_at: z.string(),
  caller_masked: z.string().nullable(),
})

export const ImportReport = z.object({
  filename: z.string(),
  format: z.enum(['csv', 'xlsx']),
  /** The CSV's text encoding as detected; null for .xlsx. */
  encoding: z.enum(['utf-8', 'gb18030', 'utf-16le']).nullable(),
  /** Data rows read (blank rows left out). */
  rows: z.number(),
  /** How the columns were matched: the header as written and the field it stands for, or null (not used). */
  columns: z.array(z.object({ header: z.string(), field: z.enum(IMPORT_FIELDS).nullable() })),
  missing_columns: z.array(z.string()),
  errors: z.array(ImportRowError),
  /** Orders this import adds (all of them in a preview; none are written while errors remain). */
  new_orders: z.array(ImportPreviewOrder),
  /** Rows whose order number is already stored: never imported twice. */
  already_imported: z.array(z.object({ row: z.number(), order_no: z.string() })),
  /** true once written; a preview (or a file with errors) writes nothing. */
  committed: z.boolean(),
  imported: z.number(),
})
export type ImportReport = z.infer<typeof ImportReport>
