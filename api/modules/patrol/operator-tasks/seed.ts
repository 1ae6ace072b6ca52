// Demo operators: the `operator` account works for 单车A (the seeded party with operator id bike-a),
// whose commitment in the 外企大厦 agreement is to clear within 2 h, counted 07:00–21:00. Three tasks
// from the latest reports that counted 单车A: one open, one cleared waiting for a re-check, one confirmed.
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { uuidv7 } from '#domain/ids.ts'
import { dueAt, type ClearingTerms } from '#domain/patrol/operator-tasks.ts'
import type { Commitment } from '#domain/patrol/agreements.ts'
import { DEMO_SUBDISTRICT } from '../../../db/seed/reference.ts'
import { parseJson } from '../problems.ts'
import type { PatrolOperatorTasksTable } from './tables.ts'
import { minutesToClear, termsFor } from './service.ts'
import { MAX_ATTEMPTS } from './webhooks.ts'

const SD = DEMO_SUBDISTRICT.id
export const DEMO_CLEARING: ClearingTerms = { within_minutes: 120, window_start: '07:00', window_end: '21:00' }

export async function seedOperatorTasks(db: Kysely<DB>, now: Date): Promise<void> {
  const party = await db
    .selectFrom('patrol_parties')
    .select(['id', 'operator_id'])
    .where('subdistrict_id', '=', SD)
    .where('operator_id', '=', 'bike-a')
    .executeTakeFirst()
  const user = await db.selectFrom('users').select('id').where('subdistrict_id', '=', SD).where('username', '=', 'operator').executeTakeFirst()
  if (!party || !user) return
  await db.insertInto('patrol_operator_accounts').values({ subdistrict_id: SD, user_id: user.id, party_id: party.id, created_at: now.toISOString() }).execute()

  // The party's commitments in force get the clearing time.
  const agreements = await db
    .selectFrom('patrol_agreements')
    .select(['id', 'commitments'])
    .where('subdistrict_id', '=', SD)
    .where('status', 'in', ['active', 'breached'])
    .execute()
  for (const a of agreements) {
    const list = parseJson<Commitment[]>(a.commitments, [])
    if (!list.some((c) => c.party_id === party.id)) continue
    const next = list.map((c) => (c.party_id === party.id ? { ...c, text: '接到清理任务后及时清运门前多余车辆，拍照回复', clearing: DEMO_CLEARING } : c))
    await db
      .updateTable('patrol_agreements')
      .set({ commitments: JSON.stringify(next) })
      .where('subdistrict_id', '=', SD)
      .where('id', '=', a.id)
      .execute()
  }

  const reports = await db
    .selectFrom('patrol_reports')
    .select(['id', 'community_id', 'hotspot_id', 'counts', 'observed_at', 'received_at'])
    .where('subdistrict_id', '=', SD)
    .where('counts', 'like', '%"bike-a"%')
    .where('status', '=', 'open')
    .orderBy('received_at', 'desc')
    .limit(12)
    .execute()
  const picked = reports.filter((r) => (parseJson<Record<string, number>>(r.counts, {})['bike-a'] ?? 0) > 0).slice(0, 3)
  const states = ['open', 'cleared', 'confirmed'] as const
  for (const [i, r] of picked.entries()) {
    const status = states[i]!
    const opened = new Date(now.getTime() - (i + 1) * 26 * 3_600_000)
    const terms = await termsFor(db, SD, { party_id: party.id, report_id: r.id, hotspot_id: r.hotspot_id, community_id: r.community_id })
    const openedAt = opened.toISOString()
    const base = {
      opened_at: openedAt,
      window_start: terms?.terms.window_start ?? null,
      window_end: terms?.terms.window_end ?? null,
    }
    const due = terms ? dueAt(openedAt, terms.terms) : null
    const clearedAt = status === 'open' ? null : new Date(opened.getTime() + (i === 1 ? 95 : 80) * 60_000).toISOString()
    const row: PatrolOperatorTasksTable = {
      subdistrict_id: SD,
      id: uuidv7(opened.getTime()),
      party_id: party.id,
      operator_id: 'bike-a',
      report_id: r.id,
      community_id: r.community_id,
      hotspot_id: r.hotspot_id,
      source_id: r.id,
      vehicles: parseJson<Record<string, number>>(r.counts, {})['bike-a'] ?? 0,
      status,
      ...base,
      agreement_id: terms?.agreement_id ?? null,
      within_minutes: terms?.terms.within_minutes ?? null,
      due_at: due,
      cleared_at: clearedAt,
      cleared_by: clearedAt ? user.id : null,
      clear_photos: '[]',
      clear_note: clearedAt ? '已清运至门洞停放区' : '',
      confirmed_at: status === 'confirmed' ? new Date(opened.getTime() + 6 * 3_600_000).toISOString() : null,
      resolved_by: null,
      reopened: 0,
      minutes_to_clear: clearedAt ? minutesToClear(base, clearedAt) : null,
      on_time: clearedAt && due ? (clearedAt <= due ? 1 : 0) : null,
      updated_at: clearedAt ?? openedAt,
      version: status === 'open' ? 1 : status === 'cleared' ? 2 : 3,
    }
    await db.insertInto('patrol_operator_tasks').values(row).execute()
    await seedDelivery(db, party.id, row, i)
  }
}

/**
 * The delivery log of a webhook 单车A had before (removed after its receiver kept failing): the first task's
 * opening delivered at the second attempt, the second's given up after every retry. None is pending, so a
 * demo server sends nothing.
 */
async function seedDelivery(db: Kysely<DB>, partyId: string, task: PatrolOperatorTasksTable, i: number): Promise<void> {
  if (i > 1) return
  const created = new Date(task.opened_at)
  const id = uuidv7(created.getTime())
  const failed = i === 1
  await db
    .insertInto('patrol_webhook_deliveries')
    .values({
      subdistrict_id: SD,
      id,
      party_id: partyId,
      url: 'https://ops.example.com/lastmile/hooks',
      event: 'task.opened',
      task_id: task.id,
      body: JSON.stringify({
        id,
        event: 'task.opened',
        occurred_at: task.opened_at,
        task: { id: task.id, operator_id: task.operator_id, vehicles: task.vehicles },
      }),
      status: failed ? 'failed' : 'delivered',
      attempts: failed ? MAX_ATTEMPTS : 2,
      next_at: null,
      last_status: failed ? 503 : 200,
      last_error: failed ? 'HTTP 503' : '',
      created_at: task.opened_at,
      delivered_at: failed ? null : new Date(created.getTime() + 61_000).toISOString(),
    })
    .execute()
}
