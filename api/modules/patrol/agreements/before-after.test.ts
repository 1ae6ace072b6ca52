import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { AgreementBeforeAfter, HotspotBeforeAfter } from '#domain/patrol/before-after-views.ts'
import type { AgreementSummary } from '#domain/patrol/agreement-views.ts'
import { agreementBeforeAfter, hotspotBeforeAfter } from './before-after.ts'

let t: TestApp
let coord: string
let insp: string
let insp2: string
let agreement: AgreementSummary
/** The agreement's busiest hotspot (its pavement in front of the building). */
let hotspotId: string
beforeAll(async () => {
  t = await createTestApp()
  ;[coord, insp, insp2] = [await t.login('coordinator'), await t.login('inspector'), await t.login('inspector2')]
  const list = (await (await t.req('/api/patrol/agreements', { cookie: coord })).json()) as AgreementSummary[]
  agreement = list.find((a) => a.title.startsWith('外企大厦'))!
  const linked = await t.deps.db
    .selectFrom('patrol_hotspots')
    .select('id')
    .where('subdistrict_id', '=', 'shuangjing')
    .where('id', 'in', agreement.hotspot_ids)
    .orderBy('sighting_count', 'desc')
    .orderBy('id')
    .executeTakeFirstOrThrow()
  hotspotId = linked.id
}, 60_000)
afterAll(() => t.close(), 60_000)

const get = async (path: string, cookie = coord) => {
  const res = await t.req(path, { cookie })
  return { status: res.status, body: (await res.json()) as any }
}

describe('GET /api/patrol/agreements/{id}/before-after', () => {
  it('shows the demo agreement worked: fewer vehicles and a smaller blocked share, with enough sightings each side', async () => {
    const { status, body } = await get(`/api/patrol/agreements/${agreement.id}/before-after`)
    expect(status).toBe(200)
    const r = AgreementBeforeAfter.parse(body)
    expect(r.effective_date).toBe(agreement.effective_date)
    expect(r.hotspot_ids.length).toBeGreaterThan(0)
    expect(r.result.weeks).toBe(4)
    expect(r.result.weekly).toHaveLength(9)
    expect(r.result.before.n).toBeGreaterThanOrEqual(r.result.min_per_side)
    expect(r.result.after.n).toBeGreaterThanOrEqual(r.result.min_per_side)
    for (const m of [r.result.blocked_share, r.result.vehicles]) {
      expect(m.verdict).toBe('decrease')
      expect(m.ci!.high).toBeLessThan(0)
      expect(m.mann_whitney!.p).toBeLessThan(0.01)
    }
    // The same data and seed give the same answer, on either database.
    const again = await get(`/api/patrol/agreements/${agreement.id}/before-after`)
    expect(again.body).toEqual(body)
    // The query function is what the route answers.
    expect(await agreementBeforeAfter(t.deps.db, 'shuangjing', agreement.id, 4)).toEqual(r)
  })

  it('takes 1–26 weeks and refuses anything else with a field error', async () => {
    const one = await get(`/api/patrol/agreements/${agreement.id}/before-after?weeks=1`)
    expect(one.status).toBe(200)
    expect(one.body.result.weekly).toHaveLength(3)
    // One week after the change holds fewer sightings than four.
    const four = await get(`/api/patrol/agreements/${agreement.id}/before-after?weeks=4`)
    expect(one.body.result.after.n).toBeLessThan(four.body.result.after.n)
    for (const bad of ['0', '27', '2.5', 'abc']) {
      const res = await get(`/api/patrol/agreements/${agreement.id}/before-after?weeks=${bad}`)
      expect(res.status, bad).toBe(400)
      expect(res.body.errors[0]).toMatchObject({ path: 'query.weeks' })
    }
    const zh = await t.req(`/api/patrol/agreements/${agreement.id}/before-after?weeks=27`, { cookie: coord, headers: { 'accept-language': 'zh-CN' } })
    expect(JSON.stringify(await zh.json())).toContain('对比周数须为 1–26 的整数')
  })

  it('follows the agreement’s visibility: 404 for an unknown id and for an inspector of another community', async () => {
    expect((await get('/api/patrol/agreements/01890000-0000-7000-8000-000000000000/before-after')).status).toBe(404)
    expect((await get(`/api/patrol/agreements/${agreement.id}/before-after`, insp)).status).toBe(200)
    expect((await get(`/api/patrol/agreements/${agreement.id}/before-after`, insp2)).status).toBe(404)
  })
})

describe('GET /api/patrol/hotspots/{id}/before-after', () => {
  it('compares around the latest recorded change: the status change the agreement made', async () => {
    const { status, body } = await get(`/api/patrol/hotspots/${hotspotId}/before-after`)
    expect(status).toBe(200)
    const r = HotspotBeforeAfter.parse(body)
    // The agreement's status change and the zones published near the place, newest first.
    expect(r.changes.map((c) => c.kind)).toContain('zone')
    expect(r.changes).toEqual([...r.changes].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)))
    expect(r.change_at).toBe(new Date(r.changes[0]!.at).toISOString())
    expect(await hotspotBeforeAfter(t.deps.db, 'shuangjing', hotspotId, undefined, 4)).toEqual(r)
    const agreed = r.changes.find((c) => c.kind === 'status' && c.to_status === 'agreement')!
    const around = HotspotBeforeAfter.parse((await get(`/api/patrol/hotspots/${hotspotId}/before-after?change_at=${encodeURIComponent(agreed.at)}`)).body)
    expect(around.result!.vehicles.verdict).toBe('decrease')
    expect(around.result!.blocked_share.verdict).toBe('decrease')
  })

  it('records a status change the coordinator makes and compares around it; change_at picks another', async () => {
    const res = await t.req(`/api/patrol/hotspots/${hotspotId}/status`, { method: 'POST', cookie: coord, json: { status: 'resolved', note: '门洞停放稳定' } })
    expect(res.status).toBe(200)
    const latest = HotspotBeforeAfter.parse((await get(`/api/patrol/hotspots/${hotspotId}/before-after?weeks=2`)).body)
    expect(latest.changes[0]).toMatchObject({ kind: 'status', to_status: 'resolved' })
    expect(latest.change_at).toBe(t.clock.now.toISOString())
    // Nothing sighted yet after a change made just now.
    expect(latest.result!.after.n).toBe(0)
    expect(latest.result!.vehicles.verdict).toBe('insufficient')
    const older = latest.changes.find((c) => c.to_status === 'agreement')!
    const picked = (await get(`/api/patrol/hotspots/${hotspotId}/before-after?change_at=${encodeURIComponent(older.at)}`)).body
    expect(picked.change_at).toBe(new Date(older.at).toISOString())
    expect(picked.result.vehicles.verdict).toBe('decrease')
    expect((await get(`/api/patrol/hotspots/${hotspotId}/before-after?change_at=yesterday`)).status).toBe(400)
  })

  it('says nothing changed yet for a hotspot without a recorded change, 404 for an unknown one, office only', async () => {
    // 广泉社区: far from the zones at 九龙山站, and nobody has changed its status.
    const quiet = await t.deps.db
      .selectFrom('patrol_hotspots')
      .select('id')
      .where('subdistrict_id', '=', 'shuangjing')
      .where('community_id', '=', 'guangquan')
      .where('formed', '=', 1)
      .executeTakeFirstOrThrow()
    const r = (await get(`/api/patrol/hotspots/${quiet.id}/before-after`)).body
    expect(r).toMatchObject({ changes: [], change_at: null, result: null })
    expect((await get('/api/patrol/hotspots/01890000-0000-7000-8000-000000000000/before-after')).status).toBe(404)
    expect((await get(`/api/patrol/hotspots/${hotspotId}/before-after`, insp)).status).toBe(403)
  })
})
