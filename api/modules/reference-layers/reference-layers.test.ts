import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test-support/testing.ts'
import { MAX_LAYER_BYTES } from '#domain/reference-layers.ts'

let t: TestApp
let admin: string
let coord: string
beforeAll(async () => {
  t = await createTestApp()
  ;[admin, coord] = [await t.login('admin'), await t.login('coordinator')]
})
afterAll(() => t.close())

const road = (coords: number[][], name: unknown = '广渠路') => ({
  type: 'Feature',
  properties: { name, owner_phone: '13800138000' },
  geometry: { type: 'LineString', coordinates: coords },
})
const layer = (features: unknown[], over: Record<string, unknown> = {}) => ({
  kind: 'roads',
  name: '测试道路',
  geojson: { type: 'FeatureCollection', features },
  ...over,
})
const put = async (id: string, body: unknown, cookie = admin) => {
  const res = await t.req(`/api/admin/map-layers/${id}`, { method: 'PUT', cookie, json: body })
  return { status: res.status, body: (await res.json().catch(() => null)) as any }
}
const read = async (headers: Record<string, string> = {}) => t.req('/api/map-layers', { headers })
const ids = async () => ((await (await read()).json()) as { layers: { id: string }[] }).layers.map((l) => l.id)

describe('reference layers', () => {
  it('the demo layers are seeded and marked as approximate', async () => {
    const body = (await (await read()).json()) as { subdistrict_id: string; layers: { id: string; name: string; description: string; feature_count: number }[] }
    expect(body.subdistrict_id).toBe('shuangjing')
    expect(body.layers.map((l) => l.id)).toEqual(['demo-boundaries', 'demo-buildings', 'demo-landmarks', 'demo-roads'])
    for (const l of body.layers) {
      expect(l.name).toContain('示意数据，仅供演示')
      expect(l.feature_count).toBeGreaterThan(0)
    }
  })

  it('an admin imports a layer; anyone reads it with only geometry and name; the import is audited', async () => {
    const saved = await put(
      'test-roads',
      layer([
        road([
          [116.4616, 39.8936],
          [116.4717, 39.8922],
        ]),
        road(
          [
            [116.4718, 39.8921],
            [116.4714, 39.9],
          ],
          7,
        ),
      ]),
    )
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ id: 'test-roads', kind: 'roads', feature_count: 2, version: 1 })
    const body = (await (await read()).json()) as { layers: { id: string; geojson: { features: { properties: unknown }[] } }[] }
    const mine = body.layers.find((l) => l.id === 'test-roads')!
    expect(mine.geojson.features.map((f) => f.properties)).toEqual([{ name: '广渠路' }, { name: '7' }])
    expect(JSON.stringify(body)).not.toContain('13800138000')
    const again = await put(
      'test-roads',
      layer([
        road([
          [116.4616, 39.8936],
          [116.4717, 39.8922],
        ]),
      ]),
    )
    expect(again.body).toMatchObject({ version: 2, feature_count: 1 })
    const log = (await (await t.req('/api/admin/audit?entity=reference_layer', { cookie: admin })).json()) as any
    const rows = (log.items ?? log.entries ?? log) as { action: string; entity_id: string }[]
    expect(
      rows
        .filter((r) => r.entity_id === 'test-roads')
        .map((r) => r.action)
        .sort(),
    ).toEqual(['import', 'replace'])
  })

  it('swapped [lat, lng], out-of-range and far positions are refused at the field; nothing is half-imported', async () => {
    const swapped = await put(
      'bad',
      layer([
        road([
          [116.4616, 39.8936],
          [116.4717, 39.8922],
        ]),
        road([
          [116.4616, 39.8936],
          [39.9, 116.4],
        ]),
      ]),
    )
    expect(swapped.status).toBe(400)
    expect(swapped.body.errors).toEqual([
      expect.objectContaining({
        path: 'geojson.features.1.geometry.coordinates.1',
        code: 'layer_swapped',
        message: '纬度和经度似乎填反了：GeoJSON 的顺序是 [经度, 纬度]',
      }),
    ])
    const far = await put('bad', layer([{ type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: [121.47, 31.23] } }]))
    expect(far.body.errors[0]).toMatchObject({ path: 'geojson.features.0.geometry.coordinates', code: 'layer_outside' })
    const range = await put('bad', layer([{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [200, 95] } }]))
    expect(range.body.errors[0]).toMatchObject({ code: 'layer_range' })
    const notGeo = await put('bad', { kind: 'roads', name: 'x', geojson: { type: 'Topology', objects: {} } })
    expect(notGeo.status).toBe(400)
    expect(notGeo.body.errors[0]).toMatchObject({ path: 'geojson.type', code: 'invalid_value' })
    expect(await ids()).not.toContain('bad')
  })

  it('a file above the size limit or with too many features is refused with a clear message', async () => {
    const many = Array.from({ length: 20_001 }, () => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [116.47, 39.89] } }))
    const tooMany = await put('big', layer(many))
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.errors[0]).toMatchObject({ path: 'geojson.features', message: '要素过多（最多 20000 个）' })
    const long: number[][] = Array.from({ length: 260_000 }, (_, i) => [116.46 + i * 1e-8, 39.89])
    const tooBig = await put('big', layer([road(long)]))
    expect(JSON.stringify(layer([road(long)])).length).toBeGreaterThan(MAX_LAYER_BYTES)
    expect([400, 413]).toContain(tooBig.status)
    expect(JSON.stringify(tooBig.body)).toMatch(/5 MB|larger than/)
    expect(await ids()).not.toContain('big')
  })

  it('only an admin imports or deletes; the read answers 304 to its own ETag and changes after an import', async () => {
    expect(
      (
        await put(
          'x',
          layer([
            road([
              [116.4616, 39.8936],
              [116.4717, 39.8922],
            ]),
          ]),
          coord,
        )
      ).status,
    ).toBe(403)
    expect((await t.req('/api/admin/map-layers/x', { method: 'PUT', json: layer([]) })).status).toBe(401)
    expect((await t.req('/api/admin/map-layers/demo-roads', { method: 'DELETE', cookie: coord })).status).toBe(403)
    const first = await read()
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"rl-/)
    expect((await read({ 'if-none-match': etag })).status).toBe(304)
    expect((await t.req('/api/admin/map-layers/test-roads', { method: 'DELETE', cookie: admin })).status).toBe(204)
    expect((await t.req('/api/admin/map-layers/test-roads', { method: 'DELETE', cookie: admin })).status).toBe(404)
    const after = await read({ 'if-none-match': etag })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(etag)
    expect(await ids()).not.toContain('test-roads')
  })
})
