// Residents' reports through the real app: the proof of work (missing, forged, expired, spent), the
// per-device and per-address limits (429 with Retry-After), bad positions and photos (nothing stored),
// the follow-up page (status and reply only), the office's approve / merge / reject with audit, the
// merged photo on the target report (unpublished until approved), and the audited reveal of a phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { solveChallenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { contains, EXIF_PAYLOAD, jpegWithExif } from '../../../test-support/media-fixtures.ts'
import { encodePng } from '../../../test-support/png.ts'
import { uuidv7 } from '#domain/ids.ts'
import {
  RESIDENT_PHONE_REVEALS_PER_HOUR,
  type ResidentChallenge,
  type ResidentFollowUp,
  type ResidentPhoneRevealed,
  type ResidentQueueItem,
  type ResidentReceipt,
} from '#domain/patrol/resident.ts'
import type { ReportSummary } from '#domain/patrol/report.ts'
import type { HotspotDetail } from '#domain/patrol/hotspot-views.ts'
import { residentReportMonthFigures } from './figures.ts'
import { anonymiseResidentReports } from './retention.ts'

let t: TestApp
let coordinator: string
/** When the test began: the demo's residents' reports were received before it. */
let started: string
const SPOT = { lat: 39.8936, lng: 116.4737 }

beforeAll(async () => {
  t = await createTestApp({ env: { RESIDENT_POW_MAX_NUMBER: '300', RESIDENT_LIMIT_PER_DEVICE: '3', RESIDENT_LIMIT_PER_IP: '5' } })
  coordinator = await t.login('coordinator')
  started = t.clock.now.toISOString()
})
afterAll(() => t.close())

async function solved() {
  const res = await t.req('/api/patrol/residents/challenge')
  expect(res.status).toBe(200)
  const { challenge } = (await res.json()) as ResidentChallenge
  const solution = await solveChallenge({ challenge, deriveKey })
  return { challenge, solution: solution! }
}

const photo = () => ({ content_type: 'image/jpeg', data: Buffer.from(jpegWithExif()).toString('base64') })
let deviceSeq = 0
const newDevice = () => `device-${String(++deviceSeq).padStart(4, '0')}-abcdefgh`

async function body(over: Record<string, unknown> = {}) {
  return {
    id: uuidv7(),
    subdistrict: 'shuangjing',
    device: newDevice(),
    position: { ...SPOT, accuracy_m: 12, source: 'gps' },
    kind: 'shared_bike',
    operator_ids: ['bike-a'],
    note: '盲道上停了一排车',
    phone: '138 1234 5678',
    observed_at: t.clock.now.toISOString(),
    photo: photo(),
    pow: await solved(),
    ...over,
  }
}

const send = (json: unknown, ip = '10.1.0.1') => t.req('/api/patrol/residents/reports', { method: 'POST', json, headers: { 'x-forwarded-for': ip } })
const stored = async () =>
  Number(
    (
      await t.deps.db
        .selectFrom('resident_reports')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const problemOf = async (res: Response) => (await res.json()) as { detail: string; errors?: { path: string; code: string; message: string }[] }

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
    const res = await send(b, `10.3.${deviceSeq}.1`)
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

describe('the office calls a resident back and merges their photo', () => {
  let seq = 0
  /** A report with its own photo (a PNG unique to it), so its hash is on no other report. */
  const submitted = async (over: Record<string, unknown> = {}) => {
    const n = ++seq
    const png = encodePng(24, 16, (x, y) => [(x * 9 + n * 31) % 256, (y * 13 + n * 7) % 256, (n * 53) % 256])
    const b = await body({ photo: { content_type: 'image/png', data: png.toString('base64') }, phone: '13912345678', ...over })
    const res = await send(b, `10.4.${n}.1`)
    expect(res.status).toBe(201)
    const row = await t.deps.db.selectFrom('resident_reports').select(['photo_hash', 'code']).where('id', '=', b.id).executeTakeFirstOrThrow()
    return { id: b.id, code: row.code, photo: row.photo_hash! }
  }
  const reveal = (id: string, json: unknown, cookie?: string) => t.req(`/api/patrol/residents/reports/${id}/phone`, { method: 'POST', cookie, json })
  const callback = { purpose: 'callback', note: '回访核实清理情况' }
  const reveals = (id: string) =>
    t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'resident_report')
      .where('entity_id', '=', id)
      .where('action', '=', 'reveal_phone')
      .execute()

  beforeAll(async () => {
    coordinator = await t.login('coordinator')
  })

  it('reveals one report’s number to a moderator, uncached, with who, when and why in the audit log', async () => {
    const r = await submitted()
    const res = await reveal(r.id, callback, coordinator)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect((await res.json()) as ResidentPhoneRevealed).toEqual({ id: r.id, phone: '13912345678', revealed_at: t.clock.now.toISOString() })
    const [entry, ...more] = await reveals(r.id)
    expect(more).toEqual([])
    const who = await t.deps.db.selectFrom('users').select('id').where('username', '=', 'coordinator').executeTakeFirstOrThrow()
    expect(entry).toMatchObject({ actor_id: who.id, at: t.clock.now.toISOString() })
    expect(JSON.parse(entry!.after_json!)).toEqual(callback)
    // The log says why, never the number; so does the admin's audit page.
    expect(JSON.stringify(entry)).not.toMatch(/1391234|12345678/)
    const admin = await t.login('admin')
    const page = await (await t.req(`/api/admin/audit?entity=resident_report&entity_id=${r.id}`, { cookie: admin })).text()
    expect(page).toContain('回访核实清理情况')
    expect(page).not.toContain('13912345678')
    // An admin moderates too.
    expect((await reveal(r.id, { purpose: 'verify' }, admin)).status).toBe(200)
  })

  it('refuses anonymous, inspectors and operators, and asks why', async () => {
    const r = await submitted()
    expect((await reveal(r.id, callback)).status).toBe(401)
    for (const role of ['inspector', 'operator', 'meals', 'counter']) {
      const res = await reveal(r.id, callback, await t.login(role))
      expect(res.status, role).toBe(403)
      expect(await res.text()).not.toContain('13912345678')
    }
    const none = await reveal(r.id, {}, coordinator)
    expect(none.status).toBe(400)
    expect((await problemOf(none)).errors?.[0]).toMatchObject({ path: 'purpose', message: '请选择查看号码的用途' })
    const other = await reveal(r.id, { purpose: 'other', note: '  ' }, coordinator)
    expect((await problemOf(other)).errors?.[0]).toMatchObject({ path: 'note', message: '用途选“其他”时请写明原因' })
    expect(await reveals(r.id)).toEqual([])
  })

  it('never puts the full number into the list or a decision’s answer', async () => {
    const r = await submitted()
    expect((await reveal(r.id, callback, coordinator)).status).toBe(200)
    const list = await t.req('/api/patrol/residents/reports?status=pending', { cookie: coordinator })
    const text = await list.text()
    expect(text).toContain('139****5678')
    expect(text).not.toContain('13912345678')
    const decided = await t.req(`/api/patrol/residents/reports/${r.id}/decision`, { method: 'POST', cookie: coordinator, json: { action: 'approve' } })
    const item = (await decided.json()) as ResidentQueueItem
    expect(item.phone_masked).toBe('139****5678')
    expect(JSON.stringify(item)).not.toContain('13912345678')
    const report = await (await t.req(`/api/patrol/reports/${item.report_id}`, { cookie: coordinator })).text()
    expect(report).not.toContain('13912345678')
    expect(await (await t.req('/api/patrol/residents/reports', { cookie: coordinator })).text()).not.toContain('13912345678')
  })

  it('says clearly when there is no number, or when retention has erased it or is due to', async () => {
    const none = await submitted({ phone: '' })
    const noPhone = await reveal(none.id, callback, coordinator)
    expect(noPhone.status).toBe(404)
    expect((await problemOf(noPhone)).detail).toBe('居民没有留电话')
    expect((await reveal(uuidv7(), callback, coordinator)).status).toBe(404)

    const erased = await submitted()
    await t.deps.db
      .transaction()
      .execute((tx) => anonymiseResidentReports(tx, 'shuangjing', new Date(t.clock.now.getTime() + 1000).toISOString(), t.clock.now, 1000))
    const gone = await reveal(erased.id, callback, coordinator)
    expect(gone.status).toBe(410)
    expect((await problemOf(gone)).detail).toBe('这条举报已超过保留期限，电话号码已删除，不能再查看')

    // Past the period but not yet purged: refused all the same.
    const due = await submitted()
    await t.deps.db.updateTable('resident_reports').set({ received_at: '2020-01-01T00:00:00.000Z' }).where('id', '=', due.id).execute()
    const late = await reveal(due.id, callback, coordinator)
    expect(late.status).toBe(410)
    expect(await late.text()).not.toContain('13912345678')
    expect([...(await reveals(none.id)), ...(await reveals(erased.id)), ...(await reveals(due.id))]).toEqual([])
  })

  it('limits how many numbers one moderator opens in an hour', async () => {
    t.clock.advance(2 * 3600_000)
    const r = await submitted()
    const desk = await t.login('coordinator')
    for (let i = 0; i < RESIDENT_PHONE_REVEALS_PER_HOUR; i++) expect((await reveal(r.id, callback, desk)).status).toBe(200)
    const over = await reveal(r.id, callback, desk)
    expect(over.status).toBe(429)
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(3000)
    expect((await problemOf(over)).detail).toContain(`每小时最多 ${RESIDENT_PHONE_REVEALS_PER_HOUR} 次`)
    expect(await reveals(r.id)).toHaveLength(RESIDENT_PHONE_REVEALS_PER_HOUR)
    t.clock.advance(3600_000 + 1000)
    expect((await reveal(r.id, callback, desk)).status).toBe(200)
  })

  it('merging into a report adds the resident’s photo to it, unpublished until the office approves it', async () => {
    const target = (
      await t.deps.db
        .selectFrom('patrol_reports')
        .select(['id', 'hotspot_id', 'version', 'photos'])
        .where('status', '=', 'open')
        .where('hotspot_id', 'is not', null)
        .where('needs_position', '=', 0)
        .orderBy('id', 'desc')
        .execute()
    ).find((p) => (JSON.parse(p.photos) as string[]).length < 6)!
    const r = await submitted()
    const merged = await t.req(`/api/patrol/residents/reports/${r.id}/decision`, {
      method: 'POST',
      cookie: coordinator,
      json: { action: 'merge', report_id: target.id, reply: '已并入同一地点的问题' },
    })
    expect(merged.status).toBe(200)
    const { report } = (await (await t.req(`/api/patrol/reports/${target.id}`, { cookie: coordinator })).json()) as { report: ReportSummary }
    expect(report.photos).toEqual([...(JSON.parse(target.photos) as string[]), r.photo])
    expect(report.version).toBe(target.version + 1)
    // Devices holding the report get the new version.
    const change = await t.deps.db
      .selectFrom('change_log')
      .select(['version'])
      .where('entity', '=', 'report')
      .where('entity_id', '=', target.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    expect(change.version).toBe(target.version + 1)
    const spot = (await (await t.req(`/api/patrol/hotspots/${target.hotspot_id}`, { cookie: coordinator })).json()) as HotspotDetail
    const seen = await t.deps.db.selectFrom('resident_reports').select('observed_at').where('id', '=', r.id).executeTakeFirstOrThrow()
    // On the hotspot's photos: marked as the resident's, at the time they took it, not yet public.
    expect(spot.photos.filter((p) => p.sha256 === r.photo)).toEqual([
      { sha256: r.photo, report_id: target.id, observed_at: seen.observed_at, from_resident: true, approved_for_publication: false },
    ])
    // Staff read it; nobody else until it is approved for publication.
    expect((await t.req(`/api/media/${r.photo}`, { cookie: coordinator })).status).toBe(200)
    expect((await t.req(`/api/media/${r.photo}`)).status).toBe(401)
    expect((await t.req(`/open311/v2/media/${r.photo}`)).status).toBe(404)
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('entity_id', '=', r.id)
      .where('action', '=', 'merge')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audit.after_json!)).toMatchObject({ merged_report_id: target.id, photo_attached: true })
    expect((await t.req(`/api/patrol/review/photos/${r.photo}/publication`, { method: 'POST', cookie: coordinator, json: { approved: true } })).status).toBe(
      200,
    )
    expect((await t.req(`/open311/v2/media/${r.photo}`)).status).toBe(200)
    // The resident's follow-up still reads the target's progress.
    const followUp = (await (await t.req(`/api/patrol/residents/follow/${r.code}`)).json()) as ResidentFollowUp
    expect(followUp).toMatchObject({ status: 'merged', reply: '已并入同一地点的问题', report_status: report.workflow_status })
  })
})
