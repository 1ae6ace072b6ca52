import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'

let t: TestApp
let cookie: string
let workers: { id: string; name: string }[]
let desks: { id: string; name: string }[]
beforeEach(async () => {
  t = await createTestApp() // 2026-12-02, ISO week 2026-W49
  cookie = await t.login('counter')
  workers = await (await t.req('/api/counter/workers', { cookie })).json()
  desks = await (await t.req('/api/counter/desks', { cookie })).json()
})
afterEach(() => t.close())

const w = (name: string) => workers.find((x) => x.name === name)!.id

describe('duty roster', () => {
  it('shows the seeded A/B rotation and flags the shifts that fall in a leave', async () => {
    const week = await (await t.req('/api/counter/roster?week=2026-W50', { cookie })).json()
    expect(week.slots).toHaveLength(10)
    expect(week.assignments).toHaveLength(30)
    expect(week.conflicts.length).toBeGreaterThan(0)
    expect(
      week.conflicts.every(
        (c: { kind: string; worker_id: string; date: string }) => c.kind === 'on_leave' && c.worker_id === w('刘晓燕') && c.date === '2026-12-09',
      ),
    ).toBe(true)
    const a = (await (await t.req('/api/counter/roster?week=2026-W49', { cookie })).json()).assignments
    const b = (await (await t.req('/api/counter/roster?week=2026-W50', { cookie })).json()).assignments
    const mondayAm = (list: { date: string; half: string; counter_id: string; worker_id: string }[], d: string) =>
      list.find((x) => x.date === d && x.half === 'am' && x.counter_id === desks[0]!.id)!.worker_id
    expect(mondayAm(a, '2026-11-30')).not.toBe(mondayAm(b, '2026-12-07')) // A and B weeks differ
  })

  it('refuses a manual shift that puts a worker in two places, an unknown worker or an unknown desk, per field', async () => {
    const week = await (await t.req('/api/counter/roster?week=2026-W51', { cookie })).json()
    expect(week.assignments).toHaveLength(0)
    const base = { date: '2026-12-14', half: 'am', counter_id: desks[0]!.id, worker_id: w('马丽') }
    expect((await t.req('/api/counter/roster/assignments', { method: 'POST', cookie, json: { id: uuidv7(), ...base } })).status).toBe(201)
    const overlap = await t.req('/api/counter/roster/assignments', { method: 'POST', cookie, json: { id: uuidv7(), ...base, counter_id: desks[2]!.id } })
    expect(overlap.status).toBe(400)
    expect((await overlap.json()).errors).toEqual([expect.objectContaining({ path: 'worker_id', message: '该社工此时段已在其他窗口值班' })])
    const unknown = await t.req('/api/counter/roster/assignments', {
      method: 'POST',
      cookie,
      json: { id: uuidv7(), ...base, worker_id: uuidv7(), counter_id: uuidv7() },
    })
    expect((await unknown.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(['counter_id', 'worker_id'])
    const after = await (await t.req('/api/counter/roster?week=2026-W51', { cookie })).json()
    expect(after.assignments).toHaveLength(1)
  })

  it('flags a worker put in two places by a swap, and a leave entered after the roster', async () => {
    const week = await (await t.req('/api/counter/roster?week=2026-W49', { cookie })).json()
    const slot = week.assignments.filter((a: { date: string; half: string }) => a.date === '2026-12-03' && a.half === 'am')
    const [x, y] = slot as { id: string; worker_id: string; counter_id: string }[]
    // Hand x's shift to y's worker: refused, y's worker is already on duty then.
    const bad = await t.req('/api/counter/roster/swap', { method: 'POST', cookie, json: { assignment_id: x!.id, to_worker_id: y!.worker_id } })
    expect((await bad.json()).errors[0]).toMatchObject({ path: 'to_worker_id' })
    // A real swap keeps everyone in one place and remembers who had the shift.
    expect(
      (await t.req('/api/counter/roster/swap', { method: 'POST', cookie, json: { assignment_id: x!.id, with_assignment_id: y!.id, note: '调班' } })).status,
    ).toBe(204)
    const swapped = (await (await t.req('/api/counter/roster?week=2026-W49', { cookie })).json()).assignments.find((a: { id: string }) => a.id === x!.id)
    expect(swapped).toMatchObject({ worker_id: y!.worker_id, original_worker_id: x!.worker_id, source: 'swap' })

    const leave = await t.req('/api/counter/leaves', {
      method: 'POST',
      cookie,
      json: { id: uuidv7(), worker_id: x!.worker_id, start_date: '2026-12-03', end_date: '2026-12-03', half: 'am', reason: '病假' },
    })
    expect(leave.status).toBe(201)
    const flagged = await (await t.req('/api/counter/roster?week=2026-W49', { cookie })).json()
    expect(flagged.conflicts).toEqual([
      expect.objectContaining({ kind: 'on_leave', worker_id: x!.worker_id, date: '2026-12-03', half: 'am', assignment_ids: [y!.id] }),
    ])
    const badLeave = await t.req('/api/counter/leaves', {
      method: 'POST',
      cookie,
      json: { id: uuidv7(), worker_id: x!.worker_id, start_date: '2026-12-05', end_date: '2026-12-04' },
    })
    expect((await badLeave.json()).errors).toEqual([expect.objectContaining({ path: 'end_date', message: '结束日期不能早于开始日期' })])
  })

  it('applies an A/B template to a week idempotently, and a template that double-books is flagged', async () => {
    const tid = uuidv7()
    const entries = [
      { week_index: 0, weekday: 1, half: 'am', counter_id: desks[0]!.id, worker_id: w('张伟') },
      { week_index: 0, weekday: 1, half: 'am', counter_id: desks[1]!.id, worker_id: w('张伟') },
      { week_index: 1, weekday: 2, half: 'pm', counter_id: desks[0]!.id, worker_id: w('吴敏') },
    ]
    const bad = await t.req('/api/counter/templates', {
      method: 'POST',
      cookie,
      json: { id: tid, name: '测试', cycle_weeks: 2, anchor_week: '2026-W51', entries: [...entries, { ...entries[0], week_index: 2 }] },
    })
    expect((await bad.json()).errors.map((e: { path: string }) => e.path)).toEqual(['entries.3.week_index'])
    const unknown = await t.req('/api/counter/templates', {
      method: 'POST',
      cookie,
      json: { id: tid, name: '测试', cycle_weeks: 2, anchor_week: '2026-W51', entries: [...entries, { ...entries[0], worker_id: uuidv7() }] },
    })
    expect((await unknown.json()).errors.map((e: { path: string }) => e.path)).toEqual(['entries.3.worker_id'])
    expect(
      (await t.req('/api/counter/templates', { method: 'POST', cookie, json: { id: tid, name: '测试', cycle_weeks: 2, anchor_week: '2026-W51', entries } }))
        .status,
    ).toBe(201)
    for (let i = 0; i < 2; i++) {
      const res = await t.req(`/api/counter/templates/${tid}/apply`, { method: 'POST', cookie, json: { week: '2026-W51' } })
      expect(res.status).toBe(200)
      const week = await res.json()
      expect(week.assignments).toHaveLength(2)
      expect(week.conflicts).toEqual([expect.objectContaining({ kind: 'double_booked', worker_id: w('张伟'), date: '2026-12-14', half: 'am' })])
    }
    const b = await (await t.req(`/api/counter/templates/${tid}/apply`, { method: 'POST', cookie, json: { week: '2026-W52' } })).json()
    expect(b.assignments.map((a: { date: string; half: string }) => `${a.date}:${a.half}`)).toEqual(['2026-12-22:pm'])
  })

  it('adds a counter in a known community only', async () => {
    const ok = await t.req('/api/counter/desks', { method: 'POST', cookie, json: { id: uuidv7(), name: '九龙南 综合窗口', community_id: 'jiulongnan' } })
    expect(ok.status).toBe(201)
    const bad = await t.req('/api/counter/desks', { method: 'POST', cookie, json: { id: uuidv7(), name: 'X', community_id: 'atlantis' } })
    expect((await bad.json()).errors).toEqual([expect.objectContaining({ path: 'community_id', message: '社区不存在' })])
    expect((await (await t.req('/api/counter/desks', { cookie })).json()).map((d: { name: string }) => d.name)).toContain('九龙南 综合窗口')
  })

  it('keeps configurable slot hours', async () => {
    const s = await (await t.req('/api/counter/settings', { cookie })).json()
    expect(s).toMatchObject({ am_start: '09:00', open_weekdays: [1, 2, 3, 4, 5] })
    const put = await t.req('/api/counter/settings', { method: 'PUT', cookie, json: { ...s, am_start: '08:30', open_weekdays: [1, 2, 3, 4, 5, 6] } })
    expect(await put.json()).toMatchObject({ am_start: '08:30', open_weekdays: [1, 2, 3, 4, 5, 6] })
    expect((await (await t.req('/api/counter/roster?week=2026-W51', { cookie })).json()).slots).toHaveLength(12)
    const coord = await t.login('coordinator')
    expect((await t.req('/api/counter/settings', { method: 'PUT', cookie: coord, json: s })).status).toBe(403)
    expect((await t.req('/api/counter/roster?week=2026-W51', { cookie: coord })).status).toBe(200)
    expect((await t.req('/api/counter/roster?week=2026-W99', { cookie: coord })).status).toBe(400)
  })
})

describe('coverage and cross-training', () => {
  it('lists per slot the matters nobody on duty can handle, scores the week, and suggests training that closes gaps', async () => {
    const cov = await (await t.req('/api/counter/coverage?week=2026-W50&community_id=jiulongshan', { cookie })).json()
    expect(cov.slots).toHaveLength(10)
    expect(cov.score_handle).toBeGreaterThan(0)
    expect(cov.score_handle).toBeLessThanOrEqual(cov.score_answer)
    const slot = cov.slots[0]
    expect(slot.on_duty).toHaveLength(2)
    expect(slot.gaps_answer.every((g: string) => slot.gaps_handle.includes(g))).toBe(true)
    expect(cov.suggestions.length).toBeGreaterThan(0)
    const s = cov.suggestions[0]
    // Training the first suggestion to level 2 closes its gaps: the score does not drop and that matter leaves those slots.
    const trainer = s.trainer_id
    if (trainer) {
      const res = await t.req('/api/counter/trainings', {
        method: 'POST',
        cookie,
        json: { id: uuidv7(), date: '2026-12-02', trainer_id: trainer, attendee_ids: [s.worker_id], guide_ids: [s.guide_id], target_level: 2 },
      })
      expect(res.status).toBe(201)
      expect((await res.json()).changes).toEqual([expect.objectContaining({ worker_id: s.worker_id, guide_id: s.guide_id, to_level: 2 })])
    } else {
      expect((await t.req('/api/counter/skills', { method: 'PUT', cookie, json: { worker_id: s.worker_id, guide_id: s.guide_id, level: 2 } })).status).toBe(200)
    }
    const after = await (await t.req('/api/counter/coverage?week=2026-W50&community_id=jiulongshan', { cookie })).json()
    expect(after.score_handle).toBeGreaterThan(cov.score_handle)
    for (const key of s.slots_closed) {
      const sl = after.slots.find((x: { date: string; half: string }) => `${x.date}:${x.half}` === key)
      expect(sl.gaps_handle).not.toContain(s.guide_id)
    }
    const hist = await (await t.req(`/api/counter/skills/history?worker_id=${s.worker_id}`, { cookie })).json()
    expect(hist.find((h: { guide_id: string; to_level: number }) => h.guide_id === s.guide_id && h.to_level === 2)).toMatchObject({
      from_level: s.current_level,
    })
  })

  it('refuses a training by someone who cannot train others, and unknown attendees', async () => {
    const guides = await (await t.req('/api/counter/guides?q=SB-01', { cookie })).json()
    const res = await t.req('/api/counter/trainings', {
      method: 'POST',
      cookie,
      json: { id: uuidv7(), date: '2026-12-02', trainer_id: w('杨帆'), attendee_ids: [w('张伟'), uuidv7()], guide_ids: [guides[0].id] },
    })
    expect((await res.json()).errors).toEqual([expect.objectContaining({ path: 'attendee_ids.1', message: '社工不存在' })])
    const res2 = await t.req('/api/counter/trainings', {
      method: 'POST',
      cookie,
      json: { id: uuidv7(), date: '2026-12-02', trainer_id: w('杨帆'), attendee_ids: [w('张伟')], guide_ids: [guides[0].id] },
    })
    expect((await res2.json()).errors).toEqual([expect.objectContaining({ path: 'trainer_id' })])
    expect((await t.req('/api/counter/skills', { method: 'PUT', cookie, json: { worker_id: w('张伟'), guide_id: guides[0].id, level: 4 } })).status).toBe(400)
  })
})
