// A moderator calls a resident back: the audited reveal of one report's phone number (who, when, why;
// refused to other roles, after retention and past the hourly limit; never in lists or answers), and a
// merge that adds the resident's photo to the target report, unpublished until the office approves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../../../test-support/testing.ts'
import { residentsTestApp, problemOf } from '../../../test-support/residents.ts'
import { encodePng } from '../../../test-support/png.ts'
import { uuidv7 } from '#domain/ids.ts'
import { RESIDENT_PHONE_REVEALS_PER_HOUR, type ResidentFollowUp, type ResidentPhoneRevealed, type ResidentQueueItem } from '#domain/patrol/resident.ts'
import type { ReportSummary } from '#domain/patrol/report.ts'
import type { HotspotDetail } from '#domain/patrol/hotspot-views.ts'
import { anonymiseResidentReports } from './retention.ts'

let t: TestApp
let coordinator: string
let body: Awaited<ReturnType<typeof residentsTestApp>>['body']
let send: Awaited<ReturnType<typeof residentsTestApp>>['send']

beforeAll(async () => {
  ;({ t, body, send } = await residentsTestApp())
})
afterAll(() => t.close())

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
