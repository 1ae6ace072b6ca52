// Writes of the work orders: one entered by hand, the link to the office's record of the matter, the
// reply and the callback satisfaction — each in one transaction with its audit entry. Counter staff
// find (and so may reply to) only orders linked to a counter matter; any other is 404 to them.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import { audit } from '../../../audit/audit.ts'
import { conflict, fieldProblem, notFound } from '../../../http/problem.ts'
import { lockCounter } from '../../../sync/change-log.ts'
import { uuidv7 } from '#domain/ids.ts'
import { maskCaller } from '#domain/hotline/import.ts'
import type { LinkInput, LinkKind, ReplyInput, SatisfactionInput, WorkOrder, WorkOrderInput } from '#domain/hotline/work-orders.ts'
import { findRow, toViews } from './queries.ts'

const ENTITY = 'hotline_work_order'

/** Whether an order number is taken in the subdistrict. */
export async function orderNoTaken(db: Kysely<DB>, sd: string, orderNo: string): Promise<boolean> {
  return !!(await db.selectFrom('hotline_work_orders').select('id').where('subdistrict_id', '=', sd).where('order_no', '=', orderNo).executeTakeFirst())
}

export async function createOrder(tx: Transaction<DB>, user: SessionUser, input: WorkOrderInput, now: Date): Promise<WorkOrder> {
  const sd = user.subdistrict_id
  const errors: { path: string; key: string }[] = []
  if (await orderNoTaken(tx, sd, input.order_no)) errors.push({ path: 'order_no', key: 'hotline_order_no_taken' })
  if (Date.parse(input.received_at) > now.getTime() + 5 * 60_000) errors.push({ path: 'received_at', key: 'hotline_received_future' })
  const caller = input.caller_phone ? maskCaller(input.caller_phone) : undefined
  if (input.caller_phone && !caller) errors.push({ path: 'caller_phone', key: 'hotline_phone_unreadable' })
  if (errors.length) throw errors.length === 1 ? fieldProblem(errors[0]!.key, errors[0]!.path) : fieldProblemList(errors)
  const at = now.toISOString()
  const row = {
    subdistrict_id: sd,
    id: input.id ?? uuidv7(now.getTime()),
    order_no: input.order_no,
    source: 'manual',
    received_at: new Date(input.received_at).toISOString(),
    category: input.category,
    address: input.address,
    content: input.content,
    deadline_at: new Date(input.deadline_at).toISOString(),
    caller_masked: caller ?? null,
    link_kind: null,
    link_id: null,
    reply: '',
    replied_at: null,
    replied_by: null,
    satisfaction: null,
    satisfaction_at: null,
    import_file: null,
    created_at: at,
    created_by: user.id,
    updated_at: at,
  }
  await tx.insertInto('hotline_work_orders').values(row).execute()
  await audit(tx, { actor: user, action: 'hotline.order.create', entity: ENTITY, entity_id: row.id, after: row, at: now })
  return (await toViews(tx, sd, [row], now))[0]!
}

function fieldProblemList(errors: { path: string; key: string }[]) {
  const [first, ...more] = errors
  return fieldProblem(first!.key, first!.path, { more })
}

/** The order as the user may change it: 404 when it does not exist or is not theirs to see. */
async function orderFor(tx: Kysely<DB>, user: SessionUser, id: string) {
  const row = await findRow(tx, user, id)
  if (!row) throw notFound()
  return row
}

const TARGETS: Record<LinkKind, 'patrol_reports' | 'patrol_hotspots' | 'counter_guides'> = {
  report: 'patrol_reports',
  hotspot: 'patrol_hotspots',
  guide: 'counter_guides',
}

export async function setLink(db: Kysely<DB>, user: SessionUser, id: string, input: LinkInput, now: Date): Promise<WorkOrder> {
  return db.transaction().execute(async (tx) => {
    await lockCounter(tx, user.subdistrict_id)
    const before = await orderFor(tx, user, id)
    let link: { link_kind: string | null; link_id: string | null } = { link_kind: null, link_id: null }
    if (input.kind) {
      if (!input.target_id) throw fieldProblem('hotline_link_target_required', 'target_id')
      const found = await tx
        .selectFrom(TARGETS[input.kind])
        .select('id')
        .where('subdistrict_id', '=', user.subdistrict_id)
        .where('id', '=', input.target_id)
        .executeTakeFirst()
      if (!found) throw fieldProblem('hotline_link_unknown', 'target_id')
      link = { link_kind: input.kind, link_id: input.target_id }
    }
    return write(tx, user, before, { ...link, updated_at: now.toISOString() }, 'hotline.order.link', now)
  })
}

export async function setReply(db: Kysely<DB>, user: SessionUser, id: string, input: ReplyInput, now: Date): Promise<WorkOrder> {
  return db.transaction().execute(async (tx) => {
    await lockCounter(tx, user.subdistrict_id)
    const before = await orderFor(tx, user, id)
    const at = input.replied_at ? new Date(input.replied_at).toISOString() : now.toISOString()
    if (Date.parse(at) > now.getTime() + 5 * 60_000) throw fieldProblem('hotline_reply_future', 'replied_at')
    if (at < before.received_at) throw fieldProblem('hotline_reply_before_received', 'replied_at')
    return write(tx, user, before, { reply: input.reply, replied_at: at, replied_by: user.id, updated_at: now.toISOString() }, 'hotline.order.reply', now)
  })
}

export async function setSatisfaction(db: Kysely<DB>, user: SessionUser, id: string, input: SatisfactionInput, now: Date): Promise<WorkOrder> {
  return db.transaction().execute(async (tx) => {
    await lockCounter(tx, user.subdistrict_id)
    const before = await orderFor(tx, user, id)
    if (input.satisfaction && !before.replied_at) throw conflict('hotline_satisfaction_before_reply')
    const at = input.satisfaction ? now.toISOString() : null
    return write(tx, user, before, { satisfaction: input.satisfaction, satisfaction_at: at, updated_at: now.toISOString() }, 'hotline.order.satisfaction', now)
  })
}

async function write(
  tx: Transaction<DB>,
  user: SessionUser,
  before: Awaited<ReturnType<typeof orderFor>>,
  change: Partial<typeof before>,
  action: string,
  now: Date,
): Promise<WorkOrder> {
  await tx.updateTable('hotline_work_orders').set(change).where('subdistrict_id', '=', user.subdistrict_id).where('id', '=', before.id).execute()
  const after = { ...before, ...change }
  await audit(tx, { actor: user, action, entity: ENTITY, entity_id: before.id, before, after, at: now })
  return (await toViews(tx, user.subdistrict_id, [after], now))[0]!
}
