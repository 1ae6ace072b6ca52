// The audit entries added for issue 8's list: meals window settings and pickup points, counter roster
// templates (created, applied) and leave (added, removed), and patrol report merges — each with who,
// before and after, and none for a change that was refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing.ts'
import { uuidv7 } from '../domain/ids.ts'
import type { AuditPage, AuditRow } from '../domain/audit.ts'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.login('admin')
})
afterAll(() => t.close())

const entries = async (entity: string, entityId?: string): Promise<AuditRow[]> =>
  ((await (await t.req(`/api/admin/audit?entity=${entity}${entityId ? `&entity_id=${entityId}` : ''}`, { cookie: admin })).json()) as AuditPage).items
const nameOf = async (username: string) => (await t.deps.db.selectFrom('users').select('display_name').where('username', '=', username).executeTakeFirstOrThrow()).display_name

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
    expect((await t.req(`/api/meals/pickup-points/${created.id}`, { method: 'PUT', cookie: meals, json: { ...point, closes_time: '13:00', active: false } })).status).toBe(200)
    const log = await entries('meal_pickup_point', created.id)
    expect(log.map((e) => e.action)).toEqual(['update', 'create'])
    expect(log[1]).toMatchObject({ before: null, after: { id: created.id, ...point } })
    expect(log[0]).toMatchObject({ actor_name: await nameOf('meals'), before: { closes_time: '12:30', active: true }, after: { closes_time: '13:00', active: false } })
    expect((await t.req(`/api/meals/pickup-points/${uuidv7()}`, { method: 'PUT', cookie: meals, json: point })).status).toBe(404)
    expect(await entries('meal_pickup_point')).toHaveLength(2)
  })

  it('records a roster template created and applied (the shifts it replaced and put), and leave added and removed', async () => {
    const counter = await t.login('counter')
    const desks = (await (await t.req('/api/counter/desks', { cookie: counter })).json()) as { id: string }[]
    const workers = (await (await t.req('/api/counter/workers', { cookie: counter })).json()) as { id: string }[]
    const tid = uuidv7()
    const template = { id: tid, name: '审计测试轮值', cycle_weeks: 1, anchor_week: '2026-W51', entries: [{ week_index: 0, weekday: 2, half: 'am', counter_id: desks[0]!.id, worker_id: workers[0]!.id }] }
    expect((await t.req('/api/counter/templates', { method: 'POST', cookie: counter, json: template })).status).toBe(201)
    for (let i = 0; i < 2; i++) expect((await t.req(`/api/counter/templates/${tid}/apply`, { method: 'POST', cookie: counter, json: { week: '2026-W51' } })).status).toBe(200)
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
    expect((await t.req(`/api/patrol/review/reports/${target.id}/merge`, { method: 'POST', cookie: coordinator, json: { duplicate_ids: [dup.id], note: '同一地点重复上报' } })).status).toBe(200)
    const [entry] = await entries('report', target.id)
    expect(entry).toMatchObject({
      action: 'merge',
      actor_name: await nameOf('coordinator'),
      before: { duplicates: [{ id: dup.id, status: dup.workflow_status, merged_into: null }] },
      after: { duplicate_ids: [dup.id], moved_observations: moved, note: '同一地点重复上报' },
    })
    expect(moved).toBeGreaterThan(0)
    expect((await t.req(`/api/patrol/review/reports/${target.id}/merge`, { method: 'POST', cookie: coordinator, json: { duplicate_ids: [uuidv7()] } })).status).toBe(404)
    expect((await entries('report', target.id)).filter((e) => e.action === 'merge')).toHaveLength(1)
  })
})
