// Reads of the work orders: the list (counter staff see only those linked to a counter matter), one
// order, the deadline list, and the names of the linked records.
import { sql, type Kysely, type Selectable } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { HotlineWorkOrdersTable } from '../tables.ts'
import { DUE_SOON_HOURS, orderState, type DueList, type LinkKind, type Satisfaction, type WorkOrder } from '#domain/hotline/work-orders.ts'

type Row = Selectable<HotlineWorkOrdersTable>

/** Who reads: counter staff only see orders linked to a counter matter (a service guide). */
export interface Reader {
  subdistrict_id: string
  role: string
}
export const linkedOnly = (r: Reader) => r.role === 'counter'

/** The label of each linked record, by kind and id (a record gone since shows its id). */
async function linkLabels(db: Kysely<DB>, sd: string, rows: Row[]): Promise<Map<string, string>> {
  const ids = (kind: LinkKind) => [...new Set(rows.filter((r) => r.link_kind === kind && r.link_id).map((r) => r.link_id!))]
  const out = new Map<string, string>()
  const hotspots = ids('hotspot')
  if (hotspots.length) {
    for (const h of await db.selectFrom('patrol_hotspots').select(['id', 'landmark']).where('subdistrict_id', '=', sd).where('id', 'in', hotspots).execute())
      out.set(`hotspot:${h.id}`, h.landmark)
  }
  const reports = ids('report')
  if (reports.length) {
    for (const r of await db.selectFrom('patrol_reports').select(['id', 'address']).where('subdistrict_id', '=', sd).where('id', 'in', reports).execute())
      out.set(`report:${r.id}`, r.address)
  }
  const guides = ids('guide')
  if (guides.length) {
    for (const g of await db.selectFrom('counter_guides').select(['id', 'name']).where('subdistrict_id', '=', sd).where('id', 'in', guides).execute())
      out.set(`guide:${g.id}`, g.name)
  }
  return out
}

export async function toViews(db: Kysely<DB>, sd: string, rows: Row[], now: Date): Promise<WorkOrder[]> {
  const labels = await linkLabels(db, sd, rows)
  return rows.map((r) => ({
    id: r.id,
    order_no: r.order_no,
    source: r.source === 'manual' ? 'manual' : 'import',
    received_at: r.received_at,
    category: r.category,
    address: r.address,
    content: r.content,
    deadline_at: r.deadline_at,
    caller_masked: r.caller_masked,
    link: r.link_kind && r.link_id ? { kind: r.link_kind as LinkKind, id: r.link_id, label: labels.get(`${r.link_kind}:${r.link_id}`) || r.link_id } : null,
    reply: r.reply,
    replied_at: r.replied_at,
    satisfaction: (r.satisfaction as Satisfaction | null) ?? null,
    satisfaction_at: r.satisfaction_at,
    state: orderState(r, now),
    created_at: r.created_at,
    updated_at: r.updated_at,
  }))
}

function base(db: Kysely<DB>, reader: Reader) {
  let q = db.selectFrom('hotline_work_orders').selectAll().where('subdistrict_id', '=', reader.subdistrict_id)
  if (linkedOnly(reader)) q = q.where('link_kind', '=', 'guide')
  return q
}

export interface ListQuery {
  /** open: not yet replied; replied; all (default). */
  status?: 'open' | 'replied' | 'all'
  /** Part of the order number, address, category or complaint. */
  q?: string
}

export const LIST_LIMIT = 500

export async function listOrders(db: Kysely<DB>, reader: Reader, query: ListQuery, now: Date): Promise<WorkOrder[]> {
  let q = base(db, reader)
  if (query.status === 'open') q = q.where('replied_at', 'is', null)
  if (query.status === 'replied') q = q.where('replied_at', 'is not', null)
  const needle = query.q?.trim()
  if (needle) {
    const like = `%${needle.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
    q = q.where((eb) => eb.or(['order_no', 'address', 'category', 'content'].map((col) => sql<boolean>`${sql.ref(col)} like ${like} escape '\\'`)))
  }
  const rows = await q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(LIST_LIMIT).execute()
  return toViews(db, reader.subdistrict_id, rows, now)
}

export async function findRow(db: Kysely<DB>, reader: Reader, id: string): Promise<Row | undefined> {
  return base(db, reader).where('id', '=', id).executeTakeFirst()
}

export async function getOrder(db: Kysely<DB>, reader: Reader, id: string, now: Date): Promise<WorkOrder | undefined> {
  const row = await findRow(db, reader, id)
  return row ? (await toViews(db, reader.subdistrict_id, [row], now))[0] : undefined
}

/** Orders without a reply whose deadline has passed (most overdue first) or falls within `hours` (soonest first). */
export async function dueList(db: Kysely<DB>, reader: Reader, now: Date, hours = DUE_SOON_HOURS): Promise<DueList> {
  const at = now.toISOString()
  const until = new Date(now.getTime() + hours * 3_600_000).toISOString()
  const rows = await base(db, reader)
    .where('replied_at', 'is', null)
    .where('deadline_at', '<=', until)
    .orderBy('deadline_at')
    .orderBy('id')
    .limit(LIST_LIMIT)
    .execute()
  const views = await toViews(db, reader.subdistrict_id, rows, now)
  return {
    at,
    within_hours: hours,
    overdue: views.filter((v) => v.deadline_at < at),
    due_soon: views.filter((v) => v.deadline_at >= at),
  }
}
