// Audit entries for settings, roster and merges: meals window settings, pickup points and residents, counter
// roster settings, desks, templates (created, applied), shifts and leave, and patrol report merges — each
// with who, before and after, none for a change that was refused, and no change without its entry.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { AuditPage, AuditRow } from '#domain/audit.ts'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.login('admin')
})
afterAll(() => t.close())

const entries = async (entity: string, entityId?: string): Promise<AuditRow[]> =>
  ((await (await t.req(`/api/admin/audit?entity=${entity}${entityId ? `&entity_id=${entityId}` : ''}`, { cookie: admin })).json()) as AuditPage).items
const nameOf = async (username: string) =>
  (await t.deps.db.selectFrom('users').select('display_name').where('username', '=', username).executeTakeFirstOrThrow()).display_name

describe('audit entries for settings, roster and merges', () => {
  it('records the meals sales window with before and after', async () => {
    const meals = await t.login('meals')
    const before = await (await t.req('/api/meals/settings', { cookie: meals })).json()
    const next = { opens_weekday: 1, opens_time: '09:00', closes_weekday: 4, closes_time: '18:00' }
    expect((await t.req('/api/meals/settings', { method: 'PUT', cookie: meals, json: next })).status).toBe(200)
    const [entry] = await entries('meal_settings')
    expect(entry).toMatchObject({ action: 'put', actor_name: await nameOf('meals'), before, after: next })
    expect((await t.req('/api/meals/settings', { method: 'PUT', cookie: meals, json: { ...next, closes_weekday: 1, closes_time: '08:00' } })).status).toBe(400)
    expect(await entries('meal_settings')).toHaveLength(1)
  })

  it('records a pickup point created and changed; an unknown point changes nothing', async () => {
    const meals = await t.login('meals')
    const point = { name: '茂兴社区取餐点', community_id: 'maoxing', address: '茂兴小区 2 号楼东侧', opens_time: '11:00', closes_time: '12:30', active: true }
    const created = (await (await t.req('/api/meals/pickup-points', { method: 'POST', cookie: meals, json: point })).json()) as { id: string }
    expect(
      (await t.req(`/api/meals/pickup-points/${created.id}`, { method: 'PUT', cookie: meals, json: { ...point, closes_time: '13:00', active: false } })).status,
    ).toBe(200)
    const log = await entries('meal_pickup_point', created.id)
    expect(log.map((e) => e.action)).toEqual(['update', 'create'])
    expect(log[1]).toMatchObject({ before: null, after: { id: created.id, ...point } })
    expect(log[0]).toMatchObject({
      actor_name: await nameOf('meals'),
      before: { closes_time: '12:30', active: true },
      after: { closes_time: '13:00', active: false },
    })
    expect((await t.req(`/api/meals/pickup-points/${uuidv7()}`, { method: 'PUT', cookie: meals, json: point })).status).toBe(404)
    expect(await entries('meal_pickup_point')).toHaveLength(2)
  })

  it('records a roster template created and applied (the shifts it replaced and put), and leave added and removed', async () => {
    const counter = await t.login('counter')
    const desks = (await (await t.req('/api/counter/desks', { cookie: counter })).json()) as { id: string }[]
    const workers = (await (await t.req('/api/counter/workers', { cookie: counter })).json()) as { id: string }[]
    const tid = uuidv7()
    const template = {
      id: tid,
      name: '审计测试轮值',
      cycle_weeks: 1,
      anchor_week: '2026-W51',
      entries: [{ week_index: 0, weekday: 2, half: 'am', counter_id: desks[0]!.id, worker_id: workers[0]!.id }],
    }
    expect((await t.req('/api/counter/templates', { method: 'POST', cookie: counter, json: template })).status).toBe(201)
    for (let i = 0; i < 2; i++)
      expect((await t.req(`/api/counter/templates/${tid}/apply`, { method: 'POST', cookie: counter, json: { week: '2026-W51' } })).status).toBe(200)
    const log = await entries('counter_template', tid)
    expect(log.map((e) => e.action)).toEqual(['apply', 'apply', 'create'])
    expect(log[2]).toMatchObject({ actor_name: await nameOf('counter'), after: { name: '审计测试轮值', entries: template.entries } })
    const shift = { date: '2026-12-15', half: 'am', counter_id: desks[0]!.id, worker_id: workers[0]!.id }
    expect(log[1]).toMatchObject({ before: { week: '2026-W51', shifts: [] }, after: { week: '2026-W51', shifts: [shift] } })
    expect(log[0]).toMatchObject({ before: { week: '2026-W51', shifts: [shift] }, after: { week: '2026-W51', shifts: [shift] } })

    const leave = { id: uuidv7(), worker_id: workers[1]!.id, start_date: '2026-12-16', end_date: '2026-12-16', half: 'pm', reason: '区里培训' }
    expect((await t.req('/api/counter/leaves', { method: 'POST', cookie: counter, json: leave })).status).toBe(201)
    expect((await t.req(`/api/counter/leaves/${leave.id}`, { method: 'DELETE', cookie: counter })).status).toBeLessThan(300)
    expect((await t.req(`/api/counter/leaves/${leave.id}`, { method: 'DELETE', cookie: counter })).status).toBe(404)
    const leaves = await entries('counter_leave', leave.id)
    expect(leaves.map((e) => e.action)).toEqual(['delete', 'create'])
    expect(leaves[1]).toMatchObject({ before: null, after: leave })
    expect(leaves[0]).toMatchObject({ before: leave, after: null })
  })

  it('records a report merge on the target: the duplicates as they were and what moved', async () => {
    const coordinator = await t.login('coordinator')
    const open = await t.deps.db.selectFrom('patrol_reports').select(['id', 'workflow_status']).where('status', '=', 'open').orderBy('id').limit(2).execute()
    const [target, dup] = [open[0]!, open[1]!]
    const moved = (await t.deps.db.selectFrom('patrol_observations').select('id').where('report_id', '=', dup.id).execute()).length
    expect(
      (
        await t.req(`/api/patrol/review/reports/${target.id}/merge`, {
          method: 'POST',
          cookie: coordinator,
          json: { duplicate_ids: [dup.id], note: '同一地点重复上报' },
        })
      ).status,
    ).toBe(200)
    const [entry] = await entries('report', target.id)
    expect(entry).toMatchObject({
      action: 'merge',
      actor_name: await nameOf('coordinator'),
      before: { duplicates: [{ id: dup.id, status: dup.workflow_status, merged_into: null }] },
      after: { duplicate_ids: [dup.id], moved_observations: moved, note: '同一地点重复上报' },
    })
    expect(moved).toBeGreaterThan(0)
    expect(
      (await t.req(`/api/patrol/review/reports/${target.id}/merge`, { method: 'POST', cookie: coordinator, json: { duplicate_ids: [uuidv7()] } })).status,
    ).toBe(404)
    expect((await entries('report', target.id)).filter((e) => e.action === 'merge')).toHaveLength(1)
  })
})

/** Runs `fn` while the audit table cannot be written: a change whose entry fails must not happen either. */
async function withAuditFailing<T>(fn: () => Promise<T>): Promise<T> {
  await sql`alter table audit_log rename to audit_log_away`.execute(t.deps.db)
  try {
    return await fn()
  } finally {
    await sql`alter table audit_log_away rename to audit_log`.execute(t.deps.db)
  }
}

describe('audit entries for roster settings, desks, shifts and residents', () => {
  it('records the counter roster settings with before and after, never the resident salt; a refused change records nothing', async () => {
    const counter = await t.login('counter')
    const before = await (await t.req('/api/counter/settings', { cookie: counter })).json()
    const next = { am_start: '08:30', am_end: '12:00', pm_start: '13:30', pm_end: '17:00', open_weekdays: [6, 1, 2, 3, 4, 5] }
    expect((await t.req('/api/counter/settings', { method: 'PUT', cookie: counter, json: next })).status).toBe(200)
    const log = await entries('counter_settings')
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({ action: 'put', actor_name: await nameOf('counter'), before, after: { ...next, open_weekdays: [1, 2, 3, 4, 5, 6] } })
    const { resident_salt } = await t.deps.db.selectFrom('counter_settings').select('resident_salt').executeTakeFirstOrThrow()
    expect(JSON.stringify(log)).not.toContain(resident_salt)
    expect((await t.req('/api/counter/settings', { method: 'PUT', cookie: counter, json: { ...next, am_end: '08:00' } })).status).toBe(400)
    expect(await entries('counter_settings')).toHaveLength(1)
  })

  it('records a counter (desk) added; a resend or another desk under its id records nothing', async () => {
    const counter = await t.login('counter')
    const desk = { id: uuidv7(), name: '审计测试窗口', community_id: 'maoxing' }
    expect((await t.req('/api/counter/desks', { method: 'POST', cookie: counter, json: desk })).status).toBe(201)
    expect((await t.req('/api/counter/desks', { method: 'POST', cookie: counter, json: desk })).status).toBe(201)
    expect((await t.req('/api/counter/desks', { method: 'POST', cookie: counter, json: { ...desk, name: '另一个窗口' } })).status).toBe(409)
    const log = await entries('counter_desk')
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({ action: 'create', entity_id: desk.id, actor_name: await nameOf('counter'), before: null, after: desk })
  })

  it('records a shift added, handed over and removed, the removal with the shift as it was', async () => {
    const counter = await t.login('counter')
    const desks = (await (await t.req('/api/counter/desks', { cookie: counter })).json()) as { id: string }[]
    const workers = (await (await t.req('/api/counter/workers', { cookie: counter })).json()) as { id: string }[]
    const shift = { id: uuidv7(), date: '2027-03-03', half: 'pm', counter_id: desks[0]!.id, worker_id: workers[0]!.id, note: '' }
    expect((await t.req('/api/counter/roster/assignments', { method: 'POST', cookie: counter, json: shift })).status).toBe(201)
    expect(
      (await t.req('/api/counter/roster/swap', { method: 'POST', cookie: counter, json: { assignment_id: shift.id, to_worker_id: workers[1]!.id } })).status,
    ).toBe(204)
    expect((await t.req(`/api/counter/roster/assignments/${shift.id}`, { method: 'DELETE', cookie: counter })).status).toBe(204)
    expect((await t.req(`/api/counter/roster/assignments/${shift.id}`, { method: 'DELETE', cookie: counter })).status).toBe(404)
    const log = await entries('counter_assignment', shift.id)
    expect(log.map((e) => e.action)).toEqual(['delete', 'hand_over', 'create'])
    expect(log[2]).toMatchObject({ actor_name: await nameOf('counter'), before: null, after: shift })
    expect(log[1]).toMatchObject({ before: { worker_id: workers[0]!.id }, after: { worker_id: workers[1]!.id } })
    expect(log[0]).toMatchObject({ before: { ...shift, worker_id: workers[1]!.id, source: 'swap', original_worker_id: workers[0]!.id }, after: null })
  })

  it('records a resident created and changed with phone, ID number and birth date masked; an unknown one changes nothing', async () => {
    const meals = await t.login('meals')
    const person = {
      name: '审计测试居民',
      phone: '13912345678',
      community_id: 'guangquan',
      building: '3号楼',
      dietary_notes: '少盐',
      birth_date: '1949-12-31',
      id_number: '11010519491231002X',
      active: true,
      consent: { service: true, health: true, id_number: true },
    }
    const created = (await (await t.req('/api/meals/subscribers', { method: 'POST', cookie: meals, json: person })).json()) as { id: string }
    expect(
      (await t.req(`/api/meals/subscribers/${created.id}`, { method: 'PUT', cookie: meals, json: { ...person, phone: '13812345678', building: '5号楼' } }))
        .status,
    ).toBe(200)
    expect((await t.req(`/api/meals/subscribers/${uuidv7()}`, { method: 'PUT', cookie: meals, json: person })).status).toBe(404)
    const log = await entries('meal_subscriber', created.id)
    expect(log.map((e) => e.action)).toEqual(['update', 'create'])
    const plain = { id: created.id, name: person.name, community_id: 'guangquan', building: '3号楼', dietary_notes: '少盐', active: true }
    const masked = { phone: expect.stringMatching(/^1\*\*\*\d\d$/), birth_date: expect.stringContaining('***'), id_number: expect.stringContaining('***') }
    expect(log[1]).toMatchObject({ actor_name: await nameOf('meals'), before: null, after: { ...plain, ...masked } })
    expect(log[0]).toMatchObject({ actor_name: await nameOf('meals'), before: { ...plain, ...masked }, after: { ...plain, ...masked, building: '5号楼' } })
    const text = JSON.stringify(log)
    for (const secret of ['13912345678', '13812345678', '11010519491231002X', '1949-12-31']) expect(text).not.toContain(secret)
  })

  it('keeps a change and its entry together: when the entry cannot be written, the change does not happen', async () => {
    const [counter, meals, coordinator] = [await t.login('counter'), await t.login('meals'), await t.login('coordinator')]
    const db = t.deps.db
    const desks = (await (await t.req('/api/counter/desks', { cookie: counter })).json()) as { id: string }[]
    const workers = (await (await t.req('/api/counter/workers', { cookie: counter })).json()) as { id: string }[]
    const settings = await (await t.req('/api/counter/settings', { cookie: counter })).json()
    const shift = { id: uuidv7(), date: '2027-03-04', half: 'am', counter_id: desks[0]!.id, worker_id: workers[0]!.id }
    const desk = { id: uuidv7(), name: '不应保存的窗口', community_id: 'maoxing' }
    const person = { name: '不应保存的居民', phone: '13700001111', community_id: 'guangquan', consent: { service: true } }
    const zone = {
      id: uuidv7(),
      name: '不应保存的停放区',
      community_id: 'jiulongshan',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [116.4722, 39.893],
            [116.4723, 39.893],
            [116.4723, 39.8931],
            [116.4722, 39.8931],
            [116.4722, 39.893],
          ],
        ],
      },
      capacity: 10,
      vehicle_kinds: ['bicycle'],
      status: 'active',
    }
    const existing = await db.selectFrom('meal_subscribers').select(['id', 'name', 'phone', 'community_id', 'building']).orderBy('id').executeTakeFirstOrThrow()
    const refused = await withAuditFailing(async () => [
      (await t.req('/api/counter/settings', { method: 'PUT', cookie: counter, json: { ...settings, am_start: '07:00' } })).status,
      (await t.req('/api/counter/desks', { method: 'POST', cookie: counter, json: desk })).status,
      (await t.req('/api/counter/roster/assignments', { method: 'POST', cookie: counter, json: shift })).status,
      (await t.req('/api/meals/subscribers', { method: 'POST', cookie: meals, json: person })).status,
      (
        await t.req(`/api/meals/subscribers/${existing.id}`, {
          method: 'PUT',
          cookie: meals,
          json: { name: existing.name, phone: existing.phone, community_id: existing.community_id, building: '不应保存' },
        })
      ).status,
      (await t.req('/api/patrol/zones', { method: 'POST', cookie: coordinator, json: zone })).status,
    ])
    expect(refused).toEqual([500, 500, 500, 500, 500, 500])
    expect(await (await t.req('/api/counter/settings', { cookie: counter })).json()).toEqual(settings)
    expect(await db.selectFrom('counter_desks').select('id').where('id', '=', desk.id).executeTakeFirst()).toBeUndefined()
    expect(await db.selectFrom('counter_assignments').select('id').where('id', '=', shift.id).executeTakeFirst()).toBeUndefined()
    expect(await db.selectFrom('meal_subscribers').select('id').where('name', '=', person.name).executeTakeFirst()).toBeUndefined()
    expect((await db.selectFrom('meal_subscribers').select('building').where('id', '=', existing.id).executeTakeFirstOrThrow()).building).toBe(
      existing.building,
    )
    expect(await db.selectFrom('patrol_zones').select('id').where('id', '=', zone.id).executeTakeFirst()).toBeUndefined()

    // A shift that exists: neither a hand-over nor a removal happens without its entry.
    expect((await t.req('/api/counter/roster/assignments', { method: 'POST', cookie: counter, json: shift })).status).toBe(201)
    const again = await withAuditFailing(async () => [
      (await t.req('/api/counter/roster/swap', { method: 'POST', cookie: counter, json: { assignment_id: shift.id, to_worker_id: workers[1]!.id } })).status,
      (await t.req(`/api/counter/roster/assignments/${shift.id}`, { method: 'DELETE', cookie: counter })).status,
    ])
    expect(again).toEqual([500, 500])
    expect(await db.selectFrom('counter_assignments').select(['worker_id', 'source']).where('id', '=', shift.id).executeTakeFirst()).toEqual({
      worker_id: shift.worker_id,
      source: 'manual',
    })
  })
})
