// A resident's rights over their data: withdrawing consent (all of it, or only the health data or ID
// number) and a copy of everything held about them, across meals and the counter's visit log (found by
// the keyed hash of their phone). A full withdrawal anonymises the record as retention does; sales,
// sale lines and pickups stay, so totals and statistics do not change. Tickets not yet collected stay
// valid: the resident collects them with an anonymous six-digit pickup code.
import { randomInt } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import type { SessionUser } from '../../../http/context.ts'
import type { Lang } from '#domain/messages.ts'
import {
  type ExportSection,
  type PendingTicket,
  type ResidentExport,
  type WithdrawInput,
  type WithdrawResult,
  type WithdrawalPreview,
} from '#domain/privacy.ts'
import { ALLERGEN_LABELS, DIET_LABELS, EXPORT_ACTIONS, EXPORT_WORDS, PAYMENT_LABELS } from '#domain/privacy-export.ts'
import { businessDate } from '#domain/time.ts'
import { ANONYMISED_NAME } from '#domain/retention.ts'
import { formatMoney } from '#domain/money.ts'
import { conflict } from '../../../http/problem.ts'
import { lockCounter } from '../../../sync/change-log.ts'
import type { Db } from '../../../db/handle.ts'
import { audit } from '../../../audit/audit.ts'
import { consentRecords, heldConsents, withdrawConsents } from '../../../privacy/consents.ts'
import { consentsSection, visitIdsOf, visitorKey, visitsSection, wallTime, withdrawVisitor } from '../../counter/visits/privacy.ts'
import { anonymiseSubscriberIds } from './retention.ts'
import { consentStates, findSubscriberRow } from './service.ts'
import { parseRestrictions } from '../dishes/service.ts'

/** The resident's ticket lines of active sales, by day (from `from` on), one per sale and day. */
async function ticketLines(db: Db, sd: string, subscriberId: string, from = '') {
  return db
    .selectFrom('meal_sale_lines as l')
    .innerJoin('meal_sales as s', (j) => j.onRef('s.subdistrict_id', '=', 'l.subdistrict_id').onRef('s.id', '=', 'l.sale_id'))
    .select(['l.date', 'l.sets', 'l.boxes', 'l.rice', 'l.buns', 'l.soups'])
    .where('l.subdistrict_id', '=', sd)
    .where('s.subscriber_id', '=', subscriberId)
    .where('s.status', '=', 'active')
    .where('l.date', '>=', from)
    .orderBy('l.date')
    .execute()
}

/** Ticket days from `today` on that the resident has not collected yet, summed per day. */
export async function pendingTickets(db: Db, sd: string, subscriberId: string, today: string): Promise<PendingTicket[]> {
  const lines = await ticketLines(db, sd, subscriberId, today)
  const picked = new Set(
    (
      await db
        .selectFrom('meal_pickups')
        .select('date')
        .where('subdistrict_id', '=', sd)
        .where('subscriber_id', '=', subscriberId)
        .where('picked', '=', 1)
        .where('date', '>=', today)
        .execute()
    ).map((p) => p.date),
  )
  const by = new Map<string, PendingTicket>()
  for (const l of lines) {
    if (picked.has(l.date)) continue
    const d = by.get(l.date) ?? { date: l.date, sets: 0, boxes: 0, rice: 0, buns: 0, soups: 0 }
    by.set(l.date, { date: l.date, sets: d.sets + l.sets, boxes: d.boxes + l.boxes, rice: d.rice + l.rice, buns: d.buns + l.buns, soups: d.soups + l.soups })
  }
  return [...by.values()]
}

async function counterVisitIds(db: Db, sd: string, phone: string): Promise<{ key: string | null; ids: string[] }> {
  if (!phone) return { key: null, ids: [] }
  const key = await visitorKey(db, sd, phone)
  return { key, ids: await visitIdsOf(db, sd, key) }
}

export async function withdrawalPreview(db: Db, sd: string, id: string, now: Date): Promise<WithdrawalPreview> {
  const row = await findSubscriberRow(db, sd, id)
  const { ids } = await counterVisitIds(db, sd, row.phone)
  return {
    pending: await pendingTickets(db, sd, id, businessDate(now)),
    counter_visits: ids.length,
    consent: (await consentStates(db, sd, [id])).get(id) ?? { service: null, health: null, id_number: null },
  }
}

/** Six digits no other resident of the subdistrict holds. */
async function freshPickupCode(tx: Db, sd: string): Promise<string> {
  for (;;) {
    const code = String(randomInt(100_000, 1_000_000))
    const taken = await tx.selectFrom('meal_subscribers').select('id').where('subdistrict_id', '=', sd).where('pickup_code', '=', code).executeTakeFirst()
    if (!taken) return code
  }
}

/**
 * Withdraws consent. `health`: allergies, diets and notes are deleted, the rest stays. `id_number`: the
 * ID number is deleted. `all`: every consent ends, the record is anonymised and so are the resident's
 * counter visits; with tickets still to collect the staff must confirm first (409 otherwise), and the
 * tickets stay valid under an anonymous pickup code. One transaction, audited.
 */
export async function withdrawConsent(db: Db, user: SessionUser, id: string, input: WithdrawInput, now: Date): Promise<WithdrawResult> {
  const sd = user.subdistrict_id
  const actor = { id: user.id, subdistrict_id: sd }
  return db.transaction().execute(async (tx: Transaction<DB>) => {
    await lockCounter(tx, sd)
    const row = await findSubscriberRow(tx, sd, id)
    const held = await heldConsents(tx, sd, id)
    const at = now.toISOString()
    const base = { scope: input.scope, pickup_code: null, pending: [], counter_visits: 0 }
    if (input.scope === 'health') {
      const holds = row.dietary_notes !== '' || parseRestrictions(row.dietary_restrictions).length > 0
      if (!held.has('meals_health') && !holds) throw conflict('consent_withdraw_nothing')
      await tx
        .updateTable('meal_subscribers')
        .set({ dietary_restrictions: '[]', dietary_notes: '', updated_at: at })
        .where('subdistrict_id', '=', sd)
        .where('id', '=', id)
        .execute()
      await withdrawConsents(tx, id, ['meals_health'], actor, now)
      await audit(tx, {
        actor,
        action: 'withdraw',
        entity: 'meal_subscriber',
        entity_id: id,
        before: { scope: 'health', health_data: holds },
        after: { scope: 'health', health_data: false },
        at: now,
      })
      return base
    }
    if (input.scope === 'id_number') {
      if (!held.has('meals_id_number') && !row.id_number) throw conflict('consent_withdraw_nothing')
      await tx.updateTable('meal_subscribers').set({ id_number: null, updated_at: at }).where('subdistrict_id', '=', sd).where('id', '=', id).execute()
      await withdrawConsents(tx, id, ['meals_id_number'], actor, now)
      await audit(tx, {
        actor,
        action: 'withdraw',
        entity: 'meal_subscriber',
        entity_id: id,
        before: { scope: 'id_number', held: !!row.id_number },
        after: { scope: 'id_number', held: false },
        at: now,
      })
      return base
    }
    // Already anonymised (withdrawn before, or past retention): nothing is left to withdraw, and its pickup code stays.
    if (row.name === ANONYMISED_NAME && !row.phone && !held.size) throw conflict('consent_withdraw_nothing')
    const pending = await pendingTickets(tx, sd, id, businessDate(now))
    if (pending.length && !input.confirm_tickets) throw conflict('consent_withdraw_tickets')
    const visits = row.phone ? await withdrawVisitor(tx, await visitorKey(tx, sd, row.phone), actor, now) : 0
    await withdrawConsents(tx, id, 'all', actor, now)
    await anonymiseSubscriberIds(tx, sd, [id], now)
    const code = pending.length ? await freshPickupCode(tx, sd) : null
    if (code) await tx.updateTable('meal_subscribers').set({ pickup_code: code }).where('subdistrict_id', '=', sd).where('id', '=', id).execute()
    await audit(tx, {
      actor,
      action: 'withdraw',
      entity: 'meal_subscriber',
      entity_id: id,
      before: { scope: 'all', anonymised: false },
      after: { scope: 'all', anonymised: true, tickets_kept: pending.map((p) => p.date), counter_visits: visits, pickup_code_issued: !!code },
      at: now,
    })
    return { scope: 'all', pickup_code: code, pending, counter_visits: visits }
  })
}

const ITEMS = ['sets', 'boxes', 'rice', 'buns', 'soups'] as const

/** Everything held about one resident, labelled for a person to read; the export is audited. */
export async function exportResident(db: Db, user: SessionUser, id: string, lang: Lang, now: Date): Promise<ResidentExport> {
  const sd = user.subdistrict_id
  const w = EXPORT_WORDS[lang]
  const row = await findSubscriberRow(db, sd, id)
  const sep = lang === 'en' ? ', ' : '、'
  const community = await db.selectFrom('communities').select('name').where('subdistrict_id', '=', sd).where('id', '=', row.community_id).executeTakeFirst()
  const restrictions = parseRestrictions(row.dietary_restrictions).map(
    (r) => (ALLERGEN_LABELS[lang] as Record<string, string>)[r] ?? (DIET_LABELS[lang] as Record<string, string>)[r] ?? r,
  )
  const person: ExportSection = {
    title: w.sections.person,
    fields: [
      { label: w.person.name, value: row.name },
      { label: w.person.phone, value: row.phone || w.none },
      { label: w.person.community, value: community?.name ?? row.community_id },
      { label: w.person.building, value: row.building || w.none },
      { label: w.person.birth_date, value: row.birth_date ?? w.none },
      { label: w.person.id_number, value: row.id_number ?? w.none },
      { label: w.person.active, value: row.active ? w.yes : w.no },
      { label: w.person.created_at, value: wallTime(row.created_at) },
      ...(row.pickup_code ? [{ label: w.person.pickup_code, value: row.pickup_code }] : []),
    ],
    columns: [],
    rows: [],
    empty: null,
  }
  const health: ExportSection = {
    title: w.sections.health,
    fields: [
      { label: w.health.restrictions, value: restrictions.join(sep) || w.none },
      { label: w.health.notes, value: row.dietary_notes || w.none },
    ],
    columns: [],
    rows: [],
    empty: null,
  }
  const counter = await counterVisitIds(db, sd, row.phone)
  const consents = await consentRecords(db, sd, counter.key ? [id, counter.key] : [id])
  const consentSection = consentsSection(consents, lang)
  const sales = await db
    .selectFrom('meal_sales as s')
    .select(['s.id', 's.created_at', 's.week', 's.total_fen', 's.paid_fen', 's.payment_method', 's.status', 's.note', 's.refund_fen'])
    .where('s.subdistrict_id', '=', sd)
    .where('s.subscriber_id', '=', id)
    .orderBy('s.created_at')
    .execute()
  const salesSection: ExportSection = {
    title: w.sections.sales,
    fields: [],
    columns: [w.sales.created_at, w.sales.week, w.sales.total, w.sales.paid, w.sales.method, w.sales.status, w.sales.note],
    rows: sales.map((s) => [
      wallTime(s.created_at),
      s.week,
      formatMoney(s.total_fen, lang),
      formatMoney(s.paid_fen, lang),
      (PAYMENT_LABELS[lang] as Record<string, string>)[s.payment_method] ?? s.payment_method,
      s.status === 'void' ? `${w.sales.void}（${w.sales.refund} ${formatMoney(s.refund_fen, lang)}）` : w.sales.active,
      s.note,
    ]),
    empty: w.empty,
  }
  const lines = sales.length ? await ticketLines(db, sd, id) : []
  const pickups = await db
    .selectFrom('meal_pickups')
    .select(['date', 'picked', 'picked_at'])
    .where('subdistrict_id', '=', sd)
    .where('subscriber_id', '=', id)
    .execute()
  const daysSection: ExportSection = {
    title: w.sections.days,
    fields: [],
    columns: [w.days.date, w.days.items, w.days.picked, w.days.picked_at],
    rows: lines.map((l) => {
      const p = pickups.find((x) => x.date === l.date)
      const items = ITEMS.filter((k) => l[k] > 0)
        .map((k) => `${w.items[k]} ${l[k]}`)
        .join(sep)
      return [l.date, items, p?.picked ? w.yes : w.no, p?.picked && p.picked_at ? wallTime(p.picked_at) : '']
    }),
    empty: w.empty,
  }
  const visits = await visitsSection(db, sd, counter.key, lang)
  const log = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'a.actor_id'))
    .select(['a.at', 'a.action', 'u.display_name'])
    .where('a.subdistrict_id', '=', sd)
    .where((eb) =>
      eb.or([
        eb.and([eb('a.entity', '=', 'meal_subscriber'), eb('a.entity_id', '=', id)]),
        ...(consents.length
          ? [
              eb.and([
                eb('a.entity', '=', 'resident_consent'),
                eb(
                  'a.entity_id',
                  'in',
                  consents.map((c) => c.id),
                ),
              ]),
            ]
          : []),
      ]),
    )
    .orderBy('a.at')
    .execute()
  const logSection: ExportSection = {
    title: w.sections.log,
    fields: [],
    columns: [w.log.at, w.log.action, w.log.actor],
    rows: log.map((a) => [wallTime(a.at), EXPORT_ACTIONS[lang][a.action] ?? a.action, a.display_name ?? '']),
    empty: w.empty,
  }
  await audit(db, { actor: { id: user.id, subdistrict_id: sd }, action: 'export', entity: 'meal_subscriber', entity_id: id, at: now })
  return {
    title: w.title.replace('{name}', row.name),
    generated_at: wallTime(now.toISOString()),
    generated_by_name: user.display_name,
    sections: [person, health, consentSection, salesSection, daysSection, visits, logSection],
  }
}
