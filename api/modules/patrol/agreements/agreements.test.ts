import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Mutation, PushResponse } from '#domain/sync.ts'
import type { Party } from '#domain/patrol/parties.ts'
import type { AgreementDetail, AgreementSummary } from '#domain/patrol/agreement-views.ts'
import type { HotspotDetail, HotspotPage } from '#domain/patrol/hotspot-views.ts'

let t: TestApp
let insp: string
let insp2: string
let coord: string
let counter: string
let A: Party
let B: Party
beforeAll(async () => {
  t = await createTestApp()
  ;[insp, insp2, coord, counter] = [await t.login('inspector'), await t.login('inspector2'), await t.login('coordinator'), await t.login('counter')]
})
afterAll(() => t.close())

const mut = (entity: string, data: Record<string, unknown>, over: Partial<Mutation> = {}): Mutation => ({
  id: uuidv7(),
  entity,
  entity_id: uuidv7(),
  op: 'put',
  base_version: null,
  data,
  client_time: '2026-12-02T01:59:00Z',
  ...over,
})
const push = async (mutations: Mutation[], cookie: string) => {
  const res = await t.req('/api/sync/push', { method: 'POST', cookie, json: { device_id: 'phone-1', mutations } })
  expect(res.status).toBe(200)
  return ((await res.json()) as PushResponse).results
}
const get = async <T = any>(path: string, cookie?: string) => {
  const res = await t.req(path, cookie ? { cookie } : {})
  return { status: res.status, body: (await res.json()) as T }
}
const SIGNED = { kind: 'verbal', witness: '九龙南社区 工作人员', signed_at: '2026-12-01T02:00:00Z' }
const draft = (over: Record<string, unknown> = {}) => ({
  title: '外企大厦东侧路口停放协议',
  community_id: 'jiulongnan',
  location: { lat: 39.89226, lng: 116.47168, address: '外企大厦东侧路口快餐店门前' },
  measure: '送餐电动车停入门洞',
  effective_date: '2026-12-01',
  review_date: '2027-01-01',
  parties: [
    { party_id: A.id, representative: '张经理' },
    { party_id: B.id, representative: '刘店长' },
  ],
  commitments: [
    { party_id: A.id, text: '开放门洞' },
    { party_id: B.id, text: '骑手停入门洞' },
  ],
  ...over,
})

describe('parties', () => {
  it('the office adds a party; a bad phone is named at its field and nothing is saved', async () => {
    const bad = await t.req('/api/patrol/parties', {
      method: 'POST',
      cookie: coord,
      json: { name: '东侧便利店', kind: 'merchant', contacts: [{ name: '王店长', phone: '021-12345678' }] },
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { errors: { path: string; message: string }[] }).errors).toEqual([
      expect.objectContaining({ path: 'contacts.0.phone', message: expect.stringContaining('010') }),
    ])
    const ok = await t.req('/api/patrol/parties', {
      method: 'POST',
      cookie: coord,
      json: {
        name: '东侧便利店',
        kind: 'merchant',
        contacts: [
          { name: '王店长', phone: '+86 139-0000-1111' },
          { name: '前台', phone: '010 6777 8888' },
        ],
      },
    })
    expect(ok.status).toBe(201)
    const list = await get<Party[]>('/api/patrol/parties', insp)
    const shop = list.body.find((p) => p.name === '东侧便利店')!
    expect(shop.contacts.map((c) => c.phone)).toEqual(['139****1111', '010-****8888'])
    expect((await get(`/api/patrol/parties/${shop.id}`, insp)).status).toBe(403)
    expect((await get<Party>(`/api/patrol/parties/${shop.id}`, coord)).body.contacts[0]!.phone).toBe('13900001111')
    expect((await t.req('/api/patrol/parties', { method: 'POST', cookie: insp, json: { name: 'x', kind: 'other' } })).status).toBe(403)
    A = list.body.find((p) => p.name === '外企大厦物业')!
    B = list.body.find((p) => p.name === '路口快餐店')!
  })
})

describe('agreement lifecycle by role', () => {
  it('bad input: one party, a commitment with no party, review before effective — per field, nothing saved', async () => {
    const m = mut('agreement', draft({ parties: [{ party_id: A.id }], commitments: [{ party_id: null, text: '清理' }], review_date: '2026-11-01' }))
    const [r] = await push([m], coord)
    expect(r!.status).toBe('rejected')
    expect(r!.errors!.map((e) => e.path).sort()).toEqual(['commitments.0.party_id', 'parties', 'review_date'])
    expect((await get(`/api/patrol/agreements/${m.entity_id}`, coord)).status).toBe(404)
  })

  it('an inspector drafts on site; may not activate; another community is refused; counter may not push', async () => {
    const m = mut('agreement', draft())
    const [r] = await push([m], insp)
    expect(r).toMatchObject({ status: 'applied', version: 1, record: { status: 'draft', created_by_name: '王巡查' } })
    const [act] = await push(
      [
        mut(
          'agreement',
          draft({
            status: 'active',
            parties: [
              { party_id: A.id, signature: SIGNED },
              { party_id: B.id, signature: SIGNED },
            ],
          }),
          { entity_id: m.entity_id, base_version: 1 },
        ),
      ],
      insp,
    )
    expect(act).toMatchObject({ status: 'rejected', errors: [{ path: 'status', code: 'agreement_inspector_draft_only' }] })
    const [other] = await push([mut('agreement', draft())], insp2)
    expect(other).toMatchObject({ status: 'rejected', errors: [{ path: 'community_id' }] })
    const [c] = await push([mut('agreement', draft())], counter)
    expect(c!.status).toBe('rejected')
    expect((await get('/api/patrol/agreements')).status).toBe(401)
    expect((await get(`/api/patrol/agreements/${m.entity_id}`, insp2)).status).toBe(404)
  })

  it('the coordinator activates only with every party signed, then ends it; ended is final', async () => {
    const m = mut('agreement', draft())
    await push([m], insp)
    const [unsigned] = await push([mut('agreement', draft({ status: 'active' }), { entity_id: m.entity_id, base_version: 1 })], coord)
    expect(unsigned!.errors!.map((e) => e.path)).toEqual(['parties.0.signature', 'parties.1.signature'])
    const signed = draft({
      status: 'active',
      parties: [
        { party_id: A.id, signature: { kind: 'drawn', media: 'a'.repeat(64), signed_at: '2026-12-01T02:00:00Z' } },
        { party_id: B.id, signature: SIGNED },
      ],
    })
    const [active] = await push([mut('agreement', signed, { entity_id: m.entity_id, base_version: 1 })], coord)
    expect(active).toMatchObject({ status: 'applied', version: 2, record: { status: 'active' } })
    const [stale] = await push([mut('agreement', { ...signed, title: '旧版本' }, { entity_id: m.entity_id, base_version: 1 })], coord)
    expect(stale).toMatchObject({ status: 'conflict', version: 2 })
    const [ended] = await push([mut('agreement', { ...signed, status: 'ended' }, { entity_id: m.entity_id, base_version: 2 })], coord)
    expect(ended!.status).toBe('applied')
    const [back] = await push([mut('agreement', signed, { entity_id: m.entity_id, base_version: 3 })], coord)
    expect(back).toMatchObject({ status: 'rejected', errors: [{ path: 'status', code: 'agreement_status_change' }] })
  })

  it('unknown parties and reports are named by path', async () => {
    const ghost = uuidv7()
    const [r] = await push(
      [mut('agreement', draft({ parties: [{ party_id: A.id }, { party_id: ghost }], commitments: [{ party_id: ghost, text: 'x' }], report_ids: [uuidv7()] }))],
      coord,
    )
    expect(r!.errors!.map((e) => e.path)).toEqual(['parties.1.party_id', 'report_ids.0'])
  })
})

describe('compliance checks', () => {
  it('a breach flags the agreement, suggests a follow-up, and devices pull the new status', async () => {
    const list = await get<AgreementSummary[]>('/api/patrol/agreements?status=active', insp)
    const seeded = list.body.find((a) => a.title.startsWith('外企大厦门前'))!
    expect(seeded.compliance_rate).toBeGreaterThan(0.8)
    expect(seeded.follow_up).toBe(false)
    const before = (await get<{ cursor: string }>('/api/sync/pull', insp)).body.cursor
    const [p0, p1] = seeded.parties
    const check = mut('compliance_check', {
      agreement_id: seeded.id,
      checked_at: '2026-12-02T01:00:00Z',
      position: { lat: 39.89236, lng: 116.47125, accuracy_m: 7 },
      results: [
        { party_id: p0!.party_id, outcome: 'complied' },
        { party_id: p1!.party_id, outcome: 'breached', note: '骑手车停在人行道' },
      ],
    })
    const [r] = await push([check], insp)
    expect(r).toMatchObject({ status: 'applied', record: { inspector_name: '王巡查', community_id: 'jiulongnan' } })
    const detail = (await get<AgreementDetail>(`/api/patrol/agreements/${seeded.id}`, coord)).body
    expect(detail.agreement.status).toBe('breached')
    expect(detail.follow_up).toMatchObject({ check_id: check.entity_id, party_ids: [p1!.party_id] })
    expect(detail.series.length).toBeGreaterThanOrEqual(3)
    expect(detail.compliance_rate).toBeLessThan(seeded.compliance_rate!)
    expect(detail.zones.map((z) => z.name)).toContain('外企大厦门洞停放区')
    const pulled = (await get<{ changes: { entity: string; entity_id: string; record: { status?: string } }[] }>(`/api/sync/pull?since=${before}`, insp)).body
      .changes
    expect(pulled.find((c) => c.entity === 'agreement' && c.entity_id === seeded.id)?.record.status).toBe('breached')
  })

  it('a check of a draft, of a stranger party, or from another community is refused', async () => {
    const d = mut('agreement', draft())
    await push([d], insp)
    const [r1] = await push(
      [mut('compliance_check', { agreement_id: d.entity_id, checked_at: '2026-12-02T01:00:00Z', results: [{ party_id: A.id, outcome: 'complied' }] })],
      insp,
    )
    expect(r1!.errors![0]!.code).toBe('compliance_agreement_inactive')
    const seeded = (await get<AgreementSummary[]>('/api/patrol/agreements', coord)).body.find((a) => a.title.startsWith('外企大厦门前'))!
    const [r2] = await push(
      [mut('compliance_check', { agreement_id: seeded.id, checked_at: '2026-12-02T01:00:00Z', results: [{ party_id: uuidv7(), outcome: 'complied' }] })],
      insp,
    )
    expect(r2!.errors![0]).toMatchObject({ path: 'results.0.party_id', code: 'compliance_party_not_in_agreement' })
    const [r3] = await push(
      [
        mut('compliance_check', {
          agreement_id: seeded.id,
          checked_at: '2026-12-02T01:00:00Z',
          results: [{ party_id: seeded.parties[0]!.party_id, outcome: 'complied' }],
        }),
      ],
      insp2,
    )
    expect(r3!.status).toBe('rejected')
  })
})

describe('links to hotspots', () => {
  it('the seeded agreement links the 外企大厦 hotspot; an unknown hotspot id is refused by path', async () => {
    const seeded = (await get<AgreementSummary[]>('/api/patrol/agreements', coord)).body.find((a) => a.title.startsWith('外企大厦门前'))!
    expect(seeded.hotspot_ids.length).toBeGreaterThanOrEqual(1)
    const hotspot = await get<{ id: string }>(`/api/patrol/hotspots/${seeded.hotspot_ids[0]}`, coord)
    expect(hotspot.status).toBe(200)
    const [r] = await push([mut('agreement', draft({ hotspot_ids: [seeded.hotspot_ids[0], uuidv7()] }))], coord)
    expect(r).toMatchObject({ status: 'rejected', errors: [{ path: 'hotspot_ids.1', code: 'agreement_hotspot_unknown' }] })
  })

  it('the seeded agreement in force puts its hotspots under agreement; the list names it, ?agreement=none lists the rest', async () => {
    const seeded = (await get<AgreementSummary[]>('/api/patrol/agreements', coord)).body.find((a) => a.title.startsWith('外企大厦门前'))!
    // In force: active, or breached by the compliance check above.
    expect(['active', 'breached']).toContain(seeded.status)
    const one = await get<HotspotDetail>(`/api/patrol/hotspots/${seeded.hotspot_ids[0]}`, coord)
    expect(one.body).toMatchObject({ status: 'agreement', agreement: { id: seeded.id, title: seeded.title, status: seeded.status } })
    expect(one.body.events[0]).toMatchObject({ from_status: 'new', to_status: 'agreement', note: seeded.title })
    const all = (await get<HotspotPage>('/api/patrol/hotspots?limit=200', coord)).body.items
    expect(all.find((h) => h.id === seeded.hotspot_ids[0])).toMatchObject({ status: 'agreement', agreement: { id: seeded.id } })
    const none = (await get<HotspotPage>('/api/patrol/hotspots?limit=200&agreement=none', coord)).body.items
    expect(none.length).toBeGreaterThan(0)
    expect(none.length).toBe(all.filter((h) => h.agreement === null).length)
    expect(none.every((h) => h.agreement === null && !seeded.hotspot_ids.includes(h.id))).toBe(true)
    expect((await get('/api/patrol/hotspots?agreement=some', coord)).status).toBe(400)
  })

  it('a hotspot follows the agreement about it: draft → negotiating, in force → agreement, ended → watching', async () => {
    const free = (await get<HotspotPage>('/api/patrol/hotspots?limit=200&agreement=none', coord)).body.items.find((h) => h.status === 'new')!
    const status = async () => (await get<HotspotDetail>(`/api/patrol/hotspots/${free.id}`, coord)).body
    const m = mut('agreement', draft({ title: '测试热点协议', hotspot_ids: [free.id] }))
    expect((await push([m], coord))[0]!.status).toBe('applied')
    expect(await status()).toMatchObject({ status: 'negotiating', agreement: { id: m.entity_id, status: 'draft' } })
    const signed = draft({
      title: '测试热点协议',
      hotspot_ids: [free.id],
      status: 'active',
      parties: [
        { party_id: A.id, signature: SIGNED },
        { party_id: B.id, signature: SIGNED },
      ],
    })
    expect((await push([mut('agreement', signed, { entity_id: m.entity_id, base_version: 1 })], coord))[0]!.status).toBe('applied')
    expect(await status()).toMatchObject({ status: 'agreement', agreement: { status: 'active' } })
    expect((await push([mut('agreement', { ...signed, status: 'ended' }, { entity_id: m.entity_id, base_version: 2 })], coord))[0]!.status).toBe('applied')
    const ended = await status()
    expect(ended).toMatchObject({ status: 'watching', agreement: null })
    expect(ended.events.map((e) => e.to_status)).toEqual(['watching', 'agreement', 'negotiating'])
  })
})
