// Operators in the loop, through the real app: a counted vehicle opens a task for its operator (sync push
// and Open311 alike), the operator sees only their own (their count, no reporter), clears it with a photo
// through the sync push, an inspector's next sighting confirms or reopens it, and the agreement shows the
// time to clear. Another operator's task, report or photo is unknown to them (404).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import type { AgreementDetail } from '#domain/patrol/agreement-views.ts'
import type { OperatorReport, OperatorTask } from '#domain/patrol/operator-tasks.ts'
import { createUser } from '../../../auth/users.ts'
import { DEMO_PASSWORD } from '../../../db/seed/accounts.ts'
import { encodePng } from '../../../test-support/png.ts'
import { DEMO_OPEN311_KEY } from '../hotspots/seed.ts'
import { timeToClearByParty } from './queries.ts'
import { createHash } from 'node:crypto'

let t: TestApp
let insp: string
let coord: string
let admin: string
let opA: string
let opB: string
let agreementId: string
let demoHash: string
const SD = 'shuangjing'

beforeAll(async () => {
  t = await createTestApp()
  ;[insp, coord, admin, opA] = [await t.login('inspector'), await t.login('coordinator'), await t.login('admin'), await t.login('operator')]
  // A second operator, for 单车B, linked by the admin's route (same demo password hash as the seeded accounts).
  demoHash = (await t.deps.db.selectFrom('users').select('password_hash').where('username', '=', 'operator').executeTakeFirstOrThrow()).password_hash
  const b = await createUser(
    t.deps.db,
    SD,
    { username: 'operator-b', display_name: '黄运维', role: 'operator', password: DEMO_PASSWORD, community_ids: [] },
    t.clock.now,
    demoHash,
  )
  const partyB = await t.deps.db.selectFrom('patrol_parties').select('id').where('operator_id', '=', 'bike-b').executeTakeFirstOrThrow()
  const linked = await t.req(`/api/patrol/operator-accounts/${b.id}`, { method: 'PUT', cookie: admin, json: { party_id: partyB.id } })
  expect(linked.status).toBe(204)
  opB = await t.login('operator-b')
  agreementId = (await t.deps.db.selectFrom('patrol_agreements').select('id').where('status', '=', 'active').executeTakeFirstOrThrow()).id
}, 60_000)
afterAll(() => t.close())

const SPOT = { lat: 39.8986, lng: 116.4801 }
const reportData = (counts: Record<string, number>, photos: string[] = []) => ({
  position: { ...SPOT, accuracy_m: 6, source: 'gps' },
  community_id: 'jiulongnan',
  address: '外企大厦门前',
  kind: 'shared_bike',
  counts,
  blocked_share: 0.5,
  clear_width_m: 0.9,
  photos,
  note: '楼上住户王阿姨反映（13800000000）',
  observed_at: t.clock.now.toISOString(),
})
const mut = (entity: string, data: Record<string, unknown>): Mutation => ({
  id: uuidv7(),
  entity,
  entity_id: uuidv7(),
  op: 'put',
  base_version: null,
  data,
  client_time: t.clock.now.toISOString(),
})
async function push(m: Mutation, cookie: string) {
  const res = await t.req('/api/sync/push', { method: 'POST', cookie, json: { device_id: 'phone-1', mutations: [m] } })
  expect(res.status).toBe(200)
  return ((await res.json()) as PushResponse).results[0]!
}
let shade = 0
async function photo(cookie: string): Promise<string> {
  shade += 1
  const png = encodePng(4, 4, () => [shade, 100, 200])
  const sha = createHash('sha256').update(png).digest('hex')
  const res = await t.req(`/api/media/${sha}`, { method: 'PUT', cookie, body: new Uint8Array(png), headers: { 'content-type': 'image/png' } })
  expect([200, 201]).toContain(res.status)
  return sha
}
const get = async <T>(path: string, cookie: string) => {
  const res = await t.req(path, { cookie })
  return { status: res.status, body: (await res.json()) as T }
}
const taskOf = async (reportId: string, cookie = opA) =>
  (await get<OperatorTask[]>('/api/patrol/operator/tasks', cookie)).body.find((x) => x.report_id === reportId)
const clearing = (taskId: string, photos: string[]) =>
  mut('operator_clearing', { task_id: taskId, cleared_at: t.clock.now.toISOString(), photos, note: '已挪入停放区' })

describe('a report counting vehicles opens tasks', () => {
  it('for each counted operator, with the clearing time of their commitment', async () => {
    const pic = await photo(insp)
    const r = mut('report', reportData({ 'bike-a': 12, 'bike-b': 4, 'delivery-jia': 3 }, [pic]))
    expect((await push(r, insp)).status).toBe('applied')
    const a = await taskOf(r.entity_id)
    expect(a).toMatchObject({ status: 'open', vehicles: 12, operator_id: 'bike-a', agreement_id: agreementId, report_photos: [pic] })
    // 10:00 Beijing, inside 07:00–21:00: due two hours later.
    expect(a!.due_at).toBe(new Date(t.clock.now.getTime() + 2 * 3_600_000).toISOString())
    expect(await taskOf(r.entity_id, opB)).toMatchObject({ vehicles: 4, operator_id: 'bike-b' })
  })

  it('through Open311 too', async () => {
    const res = await t.req('/open311/v2/requests.json', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: DEMO_OPEN311_KEY,
        service_code: 'shared_bike',
        lat: '39.892109',
        long: '116.471685',
        'attribute[vehicle_count]': '9',
        'attribute[operator]': 'bike-a',
      }).toString(),
    })
    expect(res.status).toBe(201)
    const [created] = (await res.json()) as { service_request_id: string }[]
    expect(await taskOf(created!.service_request_id)).toMatchObject({ status: 'open', vehicles: 9 })
    expect(await taskOf(created!.service_request_id, opB)).toBeUndefined()
  })
})

describe('what an operator sees', () => {
  it('their count only, never the reporter, the note or another operator', async () => {
    const r = mut('report', reportData({ 'bike-a': 7, 'bike-c': 5 }))
    await push(r, insp)
    const { status, body } = await get<OperatorReport>(`/api/patrol/operator/reports/${r.entity_id}`, opA)
    expect(status).toBe(200)
    expect(body.counts).toEqual({ 'bike-a': 7 })
    const text = JSON.stringify(body)
    for (const leak of ['王阿姨', '13800000000', 'reporter', 'bike-c', '王巡查']) expect(text).not.toContain(leak)
    const list = await get<OperatorReport[]>('/api/patrol/operator/reports', opA)
    expect(list.body.some((x) => x.id === r.entity_id)).toBe(true)
    expect(list.body.every((x) => Object.keys(x.counts).join() === 'bike-a')).toBe(true)
    const task = await get<OperatorTask[]>('/api/patrol/operator/tasks', opA)
    expect(JSON.stringify(task.body)).not.toMatch(/reporter|王阿姨|bike-c/)
  })

  it('pulls nothing of reports, observations or other records through sync', async () => {
    const res = await get<{ changes: { entity: string }[] }>('/api/sync/pull?since=0&limit=500', opA)
    expect(res.status).toBe(200)
    expect(res.body.changes).toEqual([])
  })

  it("another operator's task, report and photo are 404", async () => {
    const pic = await photo(insp)
    const r = mut('report', reportData({ 'bike-a': 3 }, [pic]))
    await push(r, insp)
    const task = (await taskOf(r.entity_id))!
    expect((await t.req(`/api/patrol/operator/tasks/${task.id}`, { cookie: opA })).status).toBe(200)
    expect((await t.req(`/api/patrol/operator/tasks/${task.id}`, { cookie: opB })).status).toBe(404)
    expect((await t.req(`/api/patrol/operator/reports/${r.entity_id}`, { cookie: opB })).status).toBe(404)
    expect((await t.req(`/api/media/${pic}`, { cookie: opA })).status).toBe(200)
    expect((await t.req(`/api/media/${pic}`, { cookie: opB })).status).toBe(404)
    // Clearing someone else's task: rejected as unknown, nothing changed.
    const mine = await photo(opB)
    const res = await push(clearing(task.id, [mine]), opB)
    expect(res).toMatchObject({ status: 'rejected', errors: [{ path: 'task_id', code: 'task_unknown' }] })
    expect((await taskOf(r.entity_id))!.status).toBe('open')
  })

  it('an operator account without a party sees nothing', async () => {
    await createUser(
      t.deps.db,
      SD,
      { username: 'operator-c', display_name: '吴运维', role: 'operator', password: DEMO_PASSWORD, community_ids: [] },
      t.clock.now,
      demoHash,
    )
    const c = await t.login('operator-c')
    expect((await t.req('/api/patrol/operator/tasks', { cookie: c })).status).toBe(404)
    expect((await t.req('/api/patrol/operator/commitments', { cookie: c })).status).toBe(404)
  })
})

describe('clearing and the re-check', () => {
  it('a clearing with a photo, then an inspector sighting without their vehicles confirms it; the agreement shows the time', async () => {
    const before = (await get<AgreementDetail>(`/api/patrol/agreements/${agreementId}`, coord)).body.clearing
    const r = mut('report', reportData({ 'bike-a': 10 }))
    await push(r, insp)
    const task = (await taskOf(r.entity_id))!
    t.clock.advance(45 * 60_000)
    const pic = await photo(opA)
    const res = await push(clearing(task.id, [pic]), opA)
    expect(res).toMatchObject({ status: 'applied', record: { id: task.id, status: 'cleared', minutes_to_clear: 45, on_time: true, clear_photos: [pic] } })
    // A resend of the same mutation answers the same; a second clearing is refused.
    expect(await push(clearing(task.id, [pic]), opA)).toMatchObject({ status: 'rejected', errors: [{ code: 'task_not_open' }] })
    // The inspector looks again: none of 单车A's vehicles there.
    t.clock.advance(3 * 3_600_000)
    const { community_id: _c, address: _a, kind: _k, ...sighting } = reportData({ 'bike-b': 2 })
    expect((await push(mut('observation', { ...sighting, report_id: r.entity_id }), insp)).status).toBe('applied')
    expect(await taskOf(r.entity_id)).toMatchObject({ status: 'confirmed', minutes_to_clear: 45 })
    const after = (await get<AgreementDetail>(`/api/patrol/agreements/${agreementId}`, coord)).body
    expect(after.clearing.cleared).toBe(before.cleared + 1)
    expect(after.clearing.confirmed).toBe(before.confirmed + 1)
    expect(after.clearing.parties.find((p) => p.party_name === '单车A')).toBeDefined()
    expect(after.combined_rate).not.toBeNull()
  })

  it('a sighting that still counts their vehicles reopens the task, and the clock keeps running', async () => {
    const r = mut('report', reportData({ 'bike-a': 8 }))
    await push(r, insp)
    const task = (await taskOf(r.entity_id))!
    t.clock.advance(30 * 60_000)
    await push(clearing(task.id, [await photo(opA)]), opA)
    t.clock.advance(60 * 60_000)
    const { community_id: _c, address: _a, kind: _k, ...sighting } = reportData({ 'bike-a': 6 })
    await push(mut('observation', { ...sighting, report_id: r.entity_id }), insp)
    expect(await taskOf(r.entity_id)).toMatchObject({ id: task.id, status: 'open', reopened: 1, vehicles: 6, cleared_at: null })
    t.clock.advance(60 * 60_000)
    const again = await push(clearing(task.id, [await photo(opA)]), opA)
    // 150 minutes from the opening: later than the 2 h the commitment gives.
    expect(again).toMatchObject({ status: 'applied', record: { status: 'cleared', minutes_to_clear: 150, on_time: false, reopened: 1 } })
  })

  it('time to clear per party for the monthly brief', async () => {
    const rows = await timeToClearByParty(t.deps.db, SD, '2026-11-01T00:00:00Z', '2027-01-01T00:00:00Z')
    const a = rows.find((p) => p.party_name === '单车A')!
    expect(a.tasks).toBeGreaterThanOrEqual(5)
    expect(a.confirmed).toBeGreaterThanOrEqual(1)
    expect(a.reopened).toBeGreaterThanOrEqual(1)
    expect(a.median_minutes).not.toBeNull()
    expect(a.on_time_share).toBeGreaterThan(0)
    expect(a.on_time_share).toBeLessThan(1)
    expect(Object.keys(a).sort()).toEqual(['cleared', 'confirmed', 'median_minutes', 'on_time_share', 'party_id', 'party_name', 'reopened', 'tasks'])
    expect(await timeToClearByParty(t.deps.db, SD, '2020-01-01T00:00:00Z', '2020-02-01T00:00:00Z')).toEqual([])
  })

  it('their commitments and compliance: their own results only', async () => {
    const { status, body } = await get<{ party: { name: string }; agreements: { commitments: { clearing: unknown }[]; check_rate: number | null }[] }>(
      '/api/patrol/operator/commitments',
      opA,
    )
    expect(status).toBe(200)
    expect(body.party.name).toBe('单车A')
    expect(body.agreements[0]!.commitments).toHaveLength(1)
    expect(body.agreements[0]!.commitments[0]!.clearing).toEqual({ within_minutes: 120, window_start: '07:00', window_end: '21:00' })
    expect(JSON.stringify(body)).not.toMatch(/单车B|外企大厦物业|路口快餐店/)
  })
})

describe('webhook addresses', () => {
  const put = async (url: string) => {
    const party = await t.deps.db.selectFrom('patrol_parties').select('id').where('operator_id', '=', 'bike-a').executeTakeFirstOrThrow()
    const res = await t.req(`/api/patrol/parties/${party.id}/webhook`, { method: 'PUT', cookie: coord, json: { url }, headers: { 'accept-language': 'zh-CN' } })
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as { detail: string; errors?: { path: string; code: string; message: string }[] },
    }
  }
  it.each([
    ['https://127.0.0.1/hook', 'webhook_blocked_loopback'],
    ['https://2130706433/hook', 'webhook_blocked_loopback'],
    ['https://[::ffff:10.0.0.1]/hook', 'webhook_blocked_private'],
    ['https://169.254.169.254/latest', 'webhook_blocked_metadata'],
    ['https://100.64.3.3/', 'webhook_blocked_cgnat'],
    ['https://[fe80::1]/', 'webhook_blocked_link_local'],
    ['https://224.0.0.5/', 'webhook_blocked_multicast'],
    ['https://localhost:8443/', 'webhook_blocked_loopback'],
  ])('%s is refused (%s)', async (url, code) => {
    const r = await put(url)
    expect(r.status).toBe(400)
    expect(r.type).toMatch(/problem\+json/)
    expect(r.body.errors?.[0]).toMatchObject({ path: 'url', code })
  })
  it('refuses plain http by the schema, with its message', async () => {
    const r = await put('http://hooks.example.com/x')
    expect(r.status).toBe(400)
    expect(r.body.errors?.[0]).toMatchObject({ path: 'url', message: '只接受 https:// 开头的网址' })
  })
  it('says why in the message', async () => {
    const r = await put('https://10.0.0.8/hook')
    expect(r.body.errors?.[0]?.message).toBe('10.0.0.8 是内网地址，不允许推送')
  })
})
