import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { closeRing, type LngLat } from '#domain/geo-polygon.ts'
import type { Zone } from '#domain/patrol/zones.ts'

let t: TestApp
let coord: string
let insp: string
beforeAll(async () => {
  t = await createTestApp()
  ;[coord, insp] = [await t.login('coordinator'), await t.login('inspector')]
})
afterAll(() => t.close())

const square = (lng: number, lat: number, d = 0.0001): LngLat[] =>
  closeRing([
    [lng, lat],
    [lng + d, lat],
    [lng + d, lat + d],
    [lng, lat + d],
  ])
const zone = (over: Record<string, unknown> = {}) => ({
  name: '西大望路东侧停放区',
  community_id: 'jiulongshan',
  geometry: { type: 'Polygon', coordinates: [square(116.4722, 39.893)] },
  capacity: 30,
  vehicle_kinds: ['bicycle'],
  status: 'active',
  ...over,
})
const send = async (method: string, path: string, json: unknown, cookie = coord) => {
  const res = await t.req(path, { method, cookie, json })
  return { status: res.status, body: (await res.json()) as any }
}

describe('zones', () => {
  it('a polygon crossing itself or leaving the subdistrict is refused per field; nothing saved', async () => {
    const [a, b, c, d] = square(116.4722, 39.893) as LngLat[]
    const bowtie = await send('POST', '/api/patrol/zones', zone({ geometry: { type: 'Polygon', coordinates: [closeRing([a!, c!, b!, d!])] } }))
    expect(bowtie.status).toBe(400)
    expect(bowtie.body.errors).toEqual([
      expect.objectContaining({ path: 'geometry.coordinates.0', code: 'polygon_self_intersects', message: '区域边界自相交，请调整顶点' }),
    ])
    const far = await send('POST', '/api/patrol/zones', zone({ name: '远处', geometry: { type: 'Polygon', coordinates: [square(116.52, 39.93)] } }))
    expect(far.body.errors[0]).toMatchObject({ path: 'geometry.coordinates.0.0', code: 'polygon_outside' })
    const names = ((await t.req('/api/patrol/zones', { cookie: coord }).then((r) => r.json())) as Zone[]).map((z) => z.name)
    expect(names).not.toContain('远处')
    expect(names).not.toContain('西大望路东侧停放区')
  })

  it('inspectors read but do not draw; residents get public fields only without signing in', async () => {
    expect((await send('POST', '/api/patrol/zones', zone(), insp)).status).toBe(403)
    expect((await t.req('/api/patrol/zones', { cookie: insp })).status).toBe(200)
    expect((await t.req('/api/patrol/zones')).status).toBe(401)
    const pub = (await (await t.req('/api/patrol/zones/public')).json()) as { zones: Record<string, unknown>[]; subdistrict: { name: string } }
    expect(pub.subdistrict.name).toBe('双井街道')
    expect(pub.zones.map((z) => z.name)).toEqual(['九龙山站 A 口非机动车停放区', '外企大厦门洞停放区'])
    expect(Object.keys(pub.zones[0]!).sort()).toEqual([
      'capacity',
      'center',
      'geometry',
      'id',
      'name',
      'opening_hours',
      'operator_names',
      'parking_type',
      'rules',
      'updated_at',
      'vehicle_kinds',
    ])
    expect(pub.zones[1]!.operator_names).toEqual(['单车A', '单车B', '单车C'])
  })

  it('editing an active zone publishes a new version pointing to the old one; history is kept', async () => {
    const created = await send('POST', '/api/patrol/zones', zone())
    expect(created.status).toBe(201)
    const v1 = created.body as Zone
    expect(v1).toMatchObject({ version_no: 1, prev_id: null, lineage_id: v1.id, status: 'active' })
    expect(v1.area_m2).toBeGreaterThan(50)
    t.clock.advance(60_000)
    const edited = await send(
      'PUT',
      `/api/patrol/zones/${v1.id}`,
      zone({ capacity: 45, geometry: { type: 'Polygon', coordinates: [square(116.4722, 39.893, 0.00012)] } }),
    )
    const v2 = edited.body as Zone
    expect(v2).toMatchObject({ version_no: 2, prev_id: v1.id, lineage_id: v1.id, capacity: 45 })
    expect(v2.id).not.toBe(v1.id)
    const stale = await send('PUT', `/api/patrol/zones/${v1.id}`, zone({ capacity: 50 }))
    expect(stale.status).toBe(409)
    const history = (await (await t.req(`/api/patrol/zones/${v1.id}/versions`, { cookie: coord })).json()) as Zone[]
    expect(history.map((h) => [h.version_no, h.capacity, h.superseded_by])).toEqual([
      [2, 45, null],
      [1, 30, v2.id],
    ])
    const retired = await send('PUT', `/api/patrol/zones/${v2.id}`, zone({ capacity: 45, status: 'retired' }))
    expect(retired.body).toMatchObject({ version_no: 3, status: 'retired', prev_id: v2.id })
    expect((await send('PUT', `/api/patrol/zones/${retired.body.id}`, zone({ status: 'active' }))).body.errors[0].code).toBe('zone_retired')
    const pub = (await (await t.req('/api/patrol/zones/public')).json()) as { zones: { id: string }[] }
    expect(pub.zones.map((z) => z.id)).not.toContain(v1.id)
  })

  it('a planned zone is edited in place and published when activated', async () => {
    const p = (
      await send(
        'POST',
        '/api/patrol/zones',
        zone({ name: '规划点', status: 'planned', geometry: { type: 'Polygon', coordinates: [square(116.4701, 39.8915)] } }),
      )
    ).body as Zone
    const a = (
      await send(
        'PUT',
        `/api/patrol/zones/${p.id}`,
        zone({ name: '规划点', status: 'active', geometry: { type: 'Polygon', coordinates: [square(116.4701, 39.8915)] } }),
      )
    ).body as Zone
    expect(a).toMatchObject({ id: p.id, version_no: 1, status: 'active' })
    expect(a.published_at).not.toBeNull()
  })
})
