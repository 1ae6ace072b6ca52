// The monthly brief's test app: the demo data, a session per role, and a hotspot resolved and a skill
// gap closed by a training in November, so those figures are not only zero.
import { expect } from 'vitest'
import { createTestApp } from './testing.ts'
import { MonthlyBrief } from '#domain/brief/brief.ts'
import { uuidv7 } from '#domain/ids.ts'

export const SD = 'shuangjing'

export async function briefTestApp() {
  const t = await createTestApp()
  const cookies: Record<string, string> = {}
  for (const r of ['inspector', 'coordinator', 'counter', 'meals', 'admin']) cookies[r] = await t.login(r)
  const db = t.deps.db
  const hotspot = await db
    .selectFrom('patrol_hotspots')
    .select(['id', 'status'])
    .where('subdistrict_id', '=', SD)
    .where('formed', '=', 1)
    .executeTakeFirstOrThrow()
  const actor = await db.selectFrom('users').select('id').where('username', '=', 'coordinator').executeTakeFirstOrThrow()
  await db
    .insertInto('patrol_review_events')
    .values({
      subdistrict_id: SD,
      id: uuidv7(),
      target: 'hotspot',
      target_id: hotspot.id,
      from_status: hotspot.status,
      to_status: 'resolved',
      note: '',
      actor_id: actor.id,
      at: '2026-11-20T03:00:00.000Z',
    })
    .execute()
  const skill = await db.selectFrom('counter_skill_history').select(['worker_id', 'guide_id']).where('subdistrict_id', '=', SD).executeTakeFirstOrThrow()
  await db
    .insertInto('counter_skill_history')
    .values({
      subdistrict_id: SD,
      id: uuidv7(),
      worker_id: skill.worker_id,
      guide_id: skill.guide_id,
      from_level: 1,
      to_level: 2,
      at: '2026-11-18T02:00:00.000Z',
      actor_id: actor.id,
      training_id: uuidv7(),
      note: '',
    })
    .execute()

  /** The brief for a query string, as a role reads it (asserts 200 and the contract). */
  async function brief(query: string, role = 'coordinator'): Promise<MonthlyBrief> {
    const res = await t.req(`/api/brief?${query}`, { cookie: cookies[role] })
    expect(res.status, await res.clone().text()).toBe(200)
    return MonthlyBrief.parse(await res.json())
  }
  return { t, cookies, brief }
}
