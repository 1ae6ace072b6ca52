// Residents' reports through the real app: the proof of work (missing, forged, expired, spent), the
// per-device and per-address limits (429 with Retry-After), bad positions and photos (nothing stored),
// the follow-up page (status and reply only) and the office's approve / merge / reject with audit.
// The phone reveal and the merged photo: resident-callback.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../../../test-support/testing.ts'
import { residentsTestApp, problemOf } from '../../../test-support/residents.ts'
import { contains, EXIF_PAYLOAD, jpegWithExif } from '../../../test-support/media-fixtures.ts'
import type { ResidentFollowUp, ResidentQueueItem, ResidentReceipt } from '#domain/patrol/resident.ts'
import { residentReportMonthFigures } from './figures.ts'
import { anonymiseResidentReports } from './retention.ts'

type Residents = Awaited<ReturnType<typeof residentsTestApp>>

let t: TestApp
let coordinator: string
/** When the test began: the demo's residents' reports were received before it. */
let started: string
let solved: Residents['solved']
let newDevice: Residents['newDevice']
let body: Residents['body']
let send: Residents['send']
let stored: Residents['stored']
let devices: Residents['devices']

beforeAll(async () => {
  ;({ t, solved, newDevice, body, send, stored, devices } = await residentsTestApp())
  coordinator = await t.login('coordinator')
  started = t.clock.now.toISOString()
})
afterAll(() => t.close())

describe('a resident reports an obstruction', () => {
  it('answers with a follow-up code; the photo is stripped and not readable without signing in', async () => {
    const b = await body()
    const res = await send(b)
    expect(res.status).toBe(201)
    const receipt = (await res.json()) as ResidentReceipt
    expect(receipt.code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/)
    expect(receipt.follow_path).toBe(`/public/follow/${receipt.code}`)
    const row = await t.deps.db.selectFrom('resident_reports').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'pending', phone: '13812345678', community_id: 'jiulongshan', kind: 'shared_bike' })
    expect(row.device_hash).not.toContain('device-')
    const media = await t.deps.db.selectFrom('media_objects').selectAll().where('hash', '=', row.photo_hash!).executeTakeFirstOrThrow()
    expect(contains(await t.deps.media.get(media.stored_hash).then((b) => new Uint8Array(b!)), EXIF_PAYLOAD)).toBe(false)
    expect((await t.req(`/api/media/${row.photo_hash}`)).status).toBe(401)
    // The same report sent again (its answer was lost) gets the first receipt, with a fresh challenge.
    const again = await send({ ...b, pow: await solved() })
    expect(again.status).toBe(200)
    expect(((await again.json()) as ResidentReceipt).code).toBe(receipt.code)
    expect(await t.deps.db.selectFrom('resident_reports').select('id').where('id', '=', b.id).execute()).toHaveLength(1)
  })

  it('refuses a missing, forged, reused or expired proof of work, storing nothing', async () => {
    const before = await stored()
    const { pow: _pow, ...noPow } = await body()
    const missing = await send(noPow)
    expect(missing.status).toBe(400)
    expect((await problemOf(missing)).errors?.[0]).toMatchObject({ path: 'pow', message: '缺少防刷验证，请重新提交' })

    const forged = await body()
    forged.pow = { ...forged.pow, solution: { ...forged.pow.solution, derivedKey: 'ab'.repeat(32) } }
    expect((await problemOf(await send(forged))).errors?.[0]?.code).toBe('resident_pow_invalid')

    const tampered = await body()
    tampered.pow = { ...tampered.pow, challenge: { ...tampered.pow.challenge, parameters: { ...tampered.pow.challenge.parameters, keyPrefix: '00' } } }
    expect((await problemOf(await send(tampered))).errors?.[0]?.code).toBe('resident_pow_invalid')

    const first = await body()
    expect((await send(first)).status).toBe(201)
    const reused = await send(await body({ pow: first.pow }))
    expect(reused.status).toBe(400)
    expect((await problemOf(reused)).errors?.[0]?.code).toBe('resident_pow_reused')

    const late = await body()
    t.clock.advance(11 * 60_000)
    const expired = await send(late)
    expect((await problemOf(expired)).errors?.[0]?.code).toBe('resident_pow_expired')
    expect(await stored()).toBe(before + 1)
  })

  it('refuses a place outside the subdistrict, a non-image and an unknown operator, storing nothing', async () => {
    const before = await stored()
    const outside = await send(await body({ position: { lat: 39.95, lng: 116.3, accuracy_m: 10, source: 'map' } }))
    expect(outside.status).toBe(400)
    expect((await problemOf(outside)).errors).toEqual([{ path: 'position', code: 'resident_outside', message: '这个位置不在本街道范围内，请在地图上重新选择' }])

    const text = await send(await body({ photo: { content_type: 'image/jpeg', data: Buffer.from('not an image at all').toString('base64') } }))
    expect(text.status).toBe(415)
    expect((await problemOf(text)).errors?.[0]).toMatchObject({ path: 'photo', code: 'media_not_image' })
    const declared = await send(await body({ photo: { content_type: 'text/plain', data: Buffer.from(jpegWithExif()).toString('base64') } }))
    expect(declared.status).toBe(415)

    const operator = await send(await body({ operator_ids: ['nobody'] }))
    expect((await problemOf(operator)).errors?.[0]).toMatchObject({ path: 'operator_ids.0', code: 'patrol_operator_unknown' })
    const phone = await send(await body({ phone: '12345' }))
    expect((await problemOf(phone)).errors?.[0]).toMatchObject({ path: 'phone', message: '请填写正确的手机号或 010 开头的座机号，或留空' })
    expect(await stored()).toBe(before)
  })

  it('limits one device and one address, with Retry-After and a clear message', async () => {
    const device = newDevice()
    for (let i = 0; i < 3; i++) expect((await send(await body({ device }), '10.2.0.1')).status).toBe(201)
    const before = await stored()
    const fourth = await send(await body({ device }), '10.2.0.2')
    expect(fourth.status).toBe(429)
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(23 * 3600)
    expect((await problemOf(fourth)).detail).toBe('这台设备今天提交的举报已达上限（3 条），请 24 小时 后再试')

    // Other devices behind one address: 5 per window.
    for (let i = 0; i < 2; i++) expect((await send(await body(), '10.2.0.1')).status).toBe(201)
    const sixth = await send(await body(), '10.2.0.1')
    expect(sixth.status).toBe(429)
    expect((await problemOf(sixth)).detail).toContain('您所在网络提交的举报已达上限（5 条）')
    expect(await stored()).toBe(before + 2)
    // A day later the device may report again.
    t.clock.advance(24 * 3600_000 + 1000)
    expect((await send(await body({ device }), '10.2.0.3')).status).toBe(201)
  })
})

describe('the office moderates; the resident follows up', () => {
  beforeAll(async () => {
    coordinator = await t.login('coordinator')
  })
  const queue = async (status = 'pending') =>
    (await (await t.req(`/api/patrol/residents/reports?status=${status}`, { cookie: coordinator })).json()) as ResidentQueueItem[]
  const follow = async (code: string) => (await (await t.req(`/api/patrol/residents/follow/${code}`)).json()) as ResidentFollowUp
  const decide = (id: string, json: unknown, cookie = coordinator) => t.req(`/api/patrol/residents/reports/${id}/decision`, { method: 'POST', cookie, json })
  const fresh = async () => {
    const b = await body({ phone: '13912345678', note: '我家楼下' })
    const res = await send(b, `10.3.${devices()}.1`)
    expect(res.status).toBe(201)
    return { id: b.id, code: ((await res.json()) as ResidentReceipt).code }
  }

  it('shows the queue with masked phones; inspectors may not see or decide', async () => {
    const r = await fresh()
    const item = (await queue()).find((q) => q.id === r.id)!
    expect(item.phone_masked).toBe('139****5678')
    expect(JSON.stringify(await queue())).not.toContain('13912345678')
    const inspector = await t.login('inspector')
    expect((await t.req('/api/patrol/residents/reports', { cookie: inspector })).status).toBe(403)
    expect((await decide(r.id, { action: 'reject', reply: 'x' }, inspector)).status).toBe(403)
  })

  it('approves: a report with source resident through the report path, logged for devices, audited', async () => {
    const r = await fresh()
    const before = await follow(r.code)
    expect(before).toMatchObject({ status: 'pending', reply: '', report_status: null, decided_at: null })
    const res = await decide(r.id, { action: 'approve', reply: '已转交巡查员处理' })
    expect(res.status).toBe(200)
    const item = (await res.json()) as ResidentQueueItem
    expect(item).toMatchObject({ status: 'approved', reply: '已转交巡查员处理', decided_by_name: '赵协调' })
    const report = await t.deps.db.selectFrom('patrol_reports').selectAll().where('id', '=', item.report_id!).executeTakeFirstOrThrow()
    expect(report).toMatchObject({ source: 'resident', kind: 'shared_bike', community_id: 'jiulongshan', counts: '{"bike-a":1}', note: '我家楼下' })
    expect(report.hotspot_id).not.toBeNull()
    const change = await t.deps.db.selectFrom('change_log').select('entity').where('entity_id', '=', item.report_id!).executeTakeFirst()
    expect(change?.entity).toBe('report')
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('entity', '=', 'resident_report').where('entity_id', '=', r.id).execute()
    expect(audit.map((a) => a.action)).toEqual(['approve'])

    const after = await follow(r.code.replace('-', '').toLowerCase())
    expect(after).toMatchObject({ status: 'approved', reply: '已转交巡查员处理', report_status: 'open', subdistrict_name: '双井街道' })
    expect(Object.keys(after).sort()).toEqual(['clearing', 'code', 'decided_at', 'kind', 'received_at', 'reply', 'report_status', 'status', 'subdistrict_name'])
    // It counted 单车A's bikes: the operator got a task, and the resident follows its clearing to the re-check.
    expect(after.clearing).toBe('open')
    const task = () => t.deps.db.updateTable('patrol_operator_tasks').where('report_id', '=', item.report_id!)
    await task().set({ status: 'cleared', cleared_at: t.clock.now.toISOString() }).execute()
    expect((await follow(r.code)).clearing).toBe('cleared')
    await task().set({ status: 'confirmed', confirmed_at: t.clock.now.toISOString() }).execute()
    expect((await follow(r.code)).clearing).toBe('confirmed')
    expect(JSON.stringify(after)).not.toMatch(/1391234|5678|我家楼下|39\.89/)
    // The hotspot's reports name the source for the coordinator.
    const detail = (await (await t.req(`/api/patrol/hotspots/${report.hotspot_id}`, { cookie: coordinator })).json()) as {
      reports: { id: string; source: string }[]
    }
    expect(detail.reports.find((x) => x.id === report.id)?.source).toBe('resident')
    // Decided once only.
    expect((await decide(r.id, { action: 'reject', reply: '重复' })).status).toBe(409)
  })

  it('merges into an open report or a hotspot, and rejects with the reason the resident reads', async () => {
    const target = await t.deps.db
      .selectFrom('patrol_reports')
      .select(['id', 'hotspot_id'])
      .where('status', '=', 'open')
      .where('hotspot_id', 'is not', null)
      .executeTakeFirstOrThrow()
    const a = await fresh()
    expect((await decide(a.id, { action: 'merge', reply: '已有同一问题在处理' })).status).toBe(400)
    const merged = await decide(a.id, { action: 'merge', report_id: target.id, reply: '已有同一问题在处理' })
    expect(merged.status).toBe(200)
    expect(await follow(a.code)).toMatchObject({ status: 'merged', reply: '已有同一问题在处理', report_status: expect.any(String) })

    const b = await fresh()
    expect((await decide(b.id, { action: 'merge', hotspot_id: target.hotspot_id })).status).toBe(200)
    expect((await queue('merged')).find((q) => q.id === b.id)?.merged_hotspot_id).toBe(target.hotspot_id)

    const c = await fresh()
    const noReason = await decide(c.id, { action: 'reject', reply: ' ' })
    expect((await problemOf(noReason)).errors?.[0]).toMatchObject({ path: 'reply', message: '请填写不予受理的原因（居民会看到）' })
    expect((await decide(c.id, { action: 'reject', reply: '照片中为规划停车区，不属于占道' })).status).toBe(200)
    expect(await follow(c.code)).toMatchObject({ status: 'rejected', reply: '照片中为规划停车区，不属于占道', report_status: null })
    const log = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'resident_report')
      .where('entity_id', 'in', [a.id, b.id, c.id])
      .execute()
    expect(log.map((l) => l.action).sort()).toEqual(['merge', 'merge', 'reject'])
    expect((await t.req('/api/patrol/residents/follow/ZZZZZ-ZZZZZ')).status).toBe(404)
    expect((await t.req('/api/patrol/residents/follow/not-a-code')).status).toBe(400)
  })

  it('counts the month for the brief and anonymises past retention', async () => {
    const from = started
    const to = new Date(t.clock.now.getTime() + 1000).toISOString()
    const f = await residentReportMonthFigures(t.deps.db, 'shuangjing', from, to)
    expect(f.received).toBe(f.approved + f.merged + f.rejected + f.pending)
    expect(f).toMatchObject({ approved: 1, merged: 2, rejected: 1 })
    expect(f.median_hours_to_decision).toBe(0)
    expect(await residentReportMonthFigures(t.deps.db, 'shuangjing', '2020-01-01T00:00:00.000Z', '2020-02-01T00:00:00.000Z')).toEqual({
      received: 0,
      approved: 0,
      merged: 0,
      rejected: 0,
      pending: 0,
      median_hours_to_decision: null,
    })
    const n = await t.deps.db.transaction().execute((tx) => anonymiseResidentReports(tx, 'shuangjing', to, t.clock.now, 1000))
    // The demo's three reports were received earlier still.
    expect(n.records).toBe(f.received + 3)
    const left = await t.deps.db.selectFrom('resident_reports').select(['phone', 'note', 'device_hash']).where('phone', 'is not', null).execute()
    expect(left).toEqual([])
  })
})
