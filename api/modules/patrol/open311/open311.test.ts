import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { REQUEST_FIELDS } from '#domain/open311.ts'
import { DEMO_OPEN311_KEY } from '../hotspots/seed.ts'

let t: TestApp
let coord: string
let admin: string
beforeAll(async () => {
  t = await createTestApp()
  ;[coord, admin] = [await t.login('coordinator'), await t.login('admin')]
})
afterAll(() => t.close())

const STATION = { lat: 39.892109, lng: 116.471685 }
const form = (fields: Record<string, string | number>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString(),
})
const count = async () =>
  Number(
    (
      await t.deps.db
        .selectFrom('patrol_reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const xmlText = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1])

describe('Open311 services', () => {
  it('lists report kinds as services in JSON and XML', async () => {
    const res = await t.req('/open311/v2/services.json')
    expect(res.status).toBe(200)
    const body = (await res.json()) as any[]
    expect(body.map((s) => s.service_code)).toContain('shared_bike')
    expect(Object.keys(body[0])).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'])
    expect(body[0]).toMatchObject({ service_code: 'shared_bike', service_name: '共享单车占道', metadata: true, type: 'realtime' })
    const xml = await t.req('/open311/v2/services.xml')
    expect(xml.headers.get('content-type')).toMatch(/text\/xml; charset=utf-8/)
    const text = await xml.text()
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?><services><service><service_code>shared_bike</service_code>')).toBe(true)
    expect(xmlText(text, 'service_code')).toEqual(body.map((s) => s.service_code))
  })

  it('describes one service with its attributes, and 404s an unknown code', async () => {
    const res = await t.req('/open311/v2/services/shared_bike.json')
    const def = (await res.json()) as any
    expect(def.service_code).toBe('shared_bike')
    expect(def.attributes.map((a: any) => a.code)).toEqual(['vehicle_count', 'operator', 'blocked_share'])
    expect(def.attributes[1].values.map((v: any) => v.key)).toContain('bike-a')
    expect(Object.keys(def.attributes[0])).toEqual(['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description'])
    const bad = await t.req('/open311/v2/services/tank.json')
    expect(bad.status).toBe(404)
    expect(await bad.json()).toEqual([{ code: 404, description: 'service_code provided was not found' }])
    const badXml = await t.req('/open311/v2/services/tank.xml')
    expect(badXml.status).toBe(404)
    expect(await badXml.text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code><description>service_code provided was not found</description></error></errors>',
    )
  })
})

describe('Open311 requests', () => {
  it('returns every field of the spec, with no personal data', async () => {
    const res = await t.req('/open311/v2/requests.json?page_size=5')
    expect(res.status).toBe(200)
    const rows = (await res.json()) as any[]
    expect(rows).toHaveLength(5)
    for (const r of rows) {
      expect(Object.keys(r)).toEqual([...REQUEST_FIELDS])
      expect(['open', 'closed']).toContain(r.status)
      expect(r.requested_datetime).toMatch(/Z$/)
      expect(typeof r.lat).toBe('number')
      expect(typeof r.long).toBe('number')
      expect(r.media_url).toBeNull()
      expect(r.agency_responsible).toBe('双井街道')
    }
    const text = JSON.stringify(rows)
    expect(text).not.toMatch(/巡查员|inspector|reporter|李|王/)
    const one = await t.req(`/open311/v2/requests/${rows[0].service_request_id}.json`)
    expect(await one.json()).toEqual([rows[0]])
    const xml = await (await t.req(`/open311/v2/requests/${rows[0].service_request_id}.xml`)).text()
    for (const f of REQUEST_FIELDS) expect(xml).toContain(`<${f}>`)
    expect(xmlText(xml, 'service_request_id')).toEqual([rows[0].service_request_id])
    expect(xmlText(xml, 'long')).toEqual([String(rows[0].long)])
    expect(xml).toContain('<expected_datetime></expected_datetime>')
  })

  it('filters by service_code, status and dates, and pages', async () => {
    const all = (await (await t.req('/open311/v2/requests.json?page_size=200')).json()) as any[]
    const bikes = (await (await t.req('/open311/v2/requests.json?service_code=shared_bike&page_size=200')).json()) as any[]
    expect(bikes.length).toBe(all.filter((r) => r.service_code === 'shared_bike').length)
    const p1 = (await (await t.req('/open311/v2/requests.json?page_size=3&page=1')).json()) as any[]
    const p2 = (await (await t.req('/open311/v2/requests.json?page_size=3&page=2')).json()) as any[]
    expect(p2[0].service_request_id).toBe(all[3].service_request_id)
    expect(p1.map((r) => r.service_request_id)).toEqual(all.slice(0, 3).map((r) => r.service_request_id))
    const ranged = (await (
      await t.req('/open311/v2/requests.json?start_date=2026-11-25T00:00:00%2B08:00&end_date=2026-11-28T00:00:00Z&page_size=200')
    ).json()) as any[]
    for (const r of ranged) expect(r.requested_datetime >= '2026-11-24T16:00:00.000Z' && r.requested_datetime <= '2026-11-28T00:00:00.000Z').toBe(true)
    expect((await (await t.req('/open311/v2/requests.json?status=closed')).json()) as any[]).toEqual([])
  })

  it.each([
    ['service_code=tank', 404, /service_code/],
    ['start_date=yesterday', 400, /start_date/],
    ['end_date=2026-11-01', 400, /end_date/],
    ['start_date=2026-11-20T00:00:00Z&end_date=2026-11-01T00:00:00Z', 400, /after end_date/],
    ['page_size=1001', 400, /page_size must be at most 1000/],
    ['page=0', 400, /page/],
    ['status=maybe', 400, /status/],
  ])('rejects %s with an Open311 error list', async (q, status, msg) => {
    const res = await t.req(`/open311/v2/requests.json?${q}`)
    expect(res.status).toBe(status)
    const body = (await res.json()) as any[]
    expect(body).toHaveLength(1)
    expect(body[0].code).toBe(status)
    expect(body[0].description).toMatch(msg)
    const xml = await t.req(`/open311/v2/requests.xml?${q}`)
    expect(xml.status).toBe(status)
    expect(await xml.text()).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="utf-8"\\?><errors><error><code>${status}</code>`))
  })

  it('answers unknown paths and ids in Open311 style, not problem+json', async () => {
    const res = await t.req('/open311/v2/nothing.json')
    expect(res.status).toBe(404)
    expect(((await res.json()) as any[])[0].code).toBe(404)
    expect((await t.req('/open311/v2/requests/0192f5a4-8c1e-7000-8000-000000000001.json')).status).toBe(404)
  })
})

describe('Open311 POST requests', () => {
  it('creates a report that enters the workflow and the hotspots', async () => {
    const before = await count()
    const res = await t.req(
      '/open311/v2/requests.json',
      form({
        api_key: DEMO_OPEN311_KEY,
        service_code: 'shared_bike',
        lat: STATION.lat,
        long: STATION.lng,
        address_string: '九龙山站 B 口',
        description: '单车堆满了',
        'attribute[vehicle_count]': 14,
        'attribute[operator]': 'bike-a',
        email: 'someone@example.com',
        first_name: '张',
      }),
    )
    expect(res.status).toBe(201)
    const [created] = (await res.json()) as any[]
    expect(created.service_request_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(await count()).toBe(before + 1)
    const row = await t.deps.db.selectFrom('patrol_reports').selectAll().where('id', '=', created.service_request_id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ kind: 'shared_bike', workflow_status: 'open', community_id: 'jiulongnan', counts: '{"bike-a":14}' })
    expect(row.hotspot_id).not.toBeNull()
    expect(JSON.stringify(row)).not.toContain('someone@example.com')
    const got = (await (await t.req(`/open311/v2/requests/${created.service_request_id}.json`)).json()) as any[]
    expect(got[0]).toMatchObject({ status: 'open', service_code: 'shared_bike', address: '九龙山站 B 口', lat: STATION.lat, long: STATION.lng })
    expect(got[0].description).not.toContain('单车堆满了')
    // The office moves it along like any report; Open311 shows it closed once resolved.
    expect(
      (
        await t.req(`/api/patrol/review/reports/${created.service_request_id}/status`, {
          method: 'POST',
          cookie: coord,
          json: { status: 'resolved', note: '已清理' },
        })
      ).status,
    ).toBe(200)
    const closed = await (await t.req(`/open311/v2/requests/${created.service_request_id}.xml`)).text()
    expect(xmlText(closed, 'status')).toEqual(['closed'])
    expect(xmlText(closed, 'status_notes')).toEqual(['已处理'])
  })

  it.each([
    [{ service_code: 'shared_bike', lat: STATION.lat, long: STATION.lng }, 403, /api_key was not provided/],
    [{ api_key: 'wrong', service_code: 'shared_bike', lat: STATION.lat, long: STATION.lng }, 403, /Invalid api_key/],
    [{ api_key: DEMO_OPEN311_KEY, lat: STATION.lat, long: STATION.lng }, 400, /service_code was not provided/],
    [{ api_key: DEMO_OPEN311_KEY, service_code: 'tank', lat: STATION.lat, long: STATION.lng }, 404, /service_code provided was not found/],
    [{ api_key: DEMO_OPEN311_KEY, service_code: 'shared_bike' }, 400, /lat\/long, address_string, or address_id must be provided/],
    [{ api_key: DEMO_OPEN311_KEY, service_code: 'shared_bike', lat: STATION.lat, address_string: '九龙山' }, 400, /lat and long must be provided together/],
    [{ api_key: DEMO_OPEN311_KEY, service_code: 'shared_bike', lat: 31.23, long: 121.47 }, 400, /outside/],
    [{ api_key: DEMO_OPEN311_KEY, service_code: 'shared_bike', lat: STATION.lat, long: STATION.lng, 'attribute[vehicle_count]': -3 }, 400, /vehicle_count/],
  ])('refuses %o and creates nothing', async (fields, status, msg) => {
    const before = await count()
    const res = await t.req('/open311/v2/requests.json', form(fields as Record<string, string | number>))
    expect(res.status).toBe(status)
    const body = (await res.json()) as any[]
    expect(body[0]).toMatchObject({ code: status })
    expect(body[0].description).toMatch(msg)
    expect(await count()).toBe(before)
  })

  it('lets the admin manage keys; a revoked key stops working', async () => {
    expect((await t.req('/api/patrol/open311-keys', { method: 'POST', cookie: coord, json: { name: 'x' } })).status).toBe(403)
    const made = await t.req('/api/patrol/open311-keys', { method: 'POST', cookie: admin, json: { name: '市民热线对接' } })
    expect(made.status).toBe(201)
    const key = (await made.json()) as any
    const list = (await (await t.req('/api/patrol/open311-keys', { cookie: admin })).json()) as any[]
    expect(list.map((k) => k.name)).toContain('市民热线对接')
    expect(JSON.stringify(list)).not.toContain(key.key)
    const ok = await t.req('/open311/v2/requests.json', form({ api_key: key.key, service_code: 'debris', lat: STATION.lat, long: STATION.lng }))
    expect(ok.status).toBe(201)
    expect((await t.req(`/api/patrol/open311-keys/${key.id}`, { method: 'DELETE', cookie: admin })).status).toBe(200)
    const refused = await t.req('/open311/v2/requests.json', form({ api_key: key.key, service_code: 'debris', lat: STATION.lat, long: STATION.lng }))
    expect(refused.status).toBe(403)
  })

  it('publishes only photos a coordinator approved', async () => {
    const sha = 'a'.repeat(64)
    const id = (await t.deps.db.selectFrom('patrol_reports').select('id').orderBy('observed_at', 'desc').executeTakeFirstOrThrow()).id
    await t.deps.db
      .updateTable('patrol_reports')
      .set({ photos: JSON.stringify([sha]) })
      .where('id', '=', id)
      .execute()
    const before = (await (await t.req(`/open311/v2/requests/${id}.json`)).json()) as any[]
    expect(before[0].media_url).toBeNull()
    expect((await t.req(`/api/patrol/review/photos/${sha}/publication`, { method: 'POST', cookie: coord, json: { approved: true } })).status).toBe(200)
    const after = (await (await t.req(`/open311/v2/requests/${id}.json`)).json()) as any[]
    expect(after[0].media_url).toBe(`http://localhost/open311/v2/media/${sha}`)
    // The coordinator's hotspot page shows the photo in its timeline with the same switch.
    const { hotspot_id } = await t.deps.db.selectFrom('patrol_reports').select('hotspot_id').where('id', '=', id).executeTakeFirstOrThrow()
    const detail = (await (await t.req(`/api/patrol/hotspots/${hotspot_id}`, { cookie: coord })).json()) as any
    expect(detail.photos).toContainEqual(expect.objectContaining({ sha256: sha, report_id: id, approved_for_publication: true }))
  })
})

describe('exports of the current filter', () => {
  it('CSV starts with a BOM and holds the filtered reports; GeoJSON is [lng, lat]', async () => {
    const res = await t.req('/api/patrol/exports/reports.csv?kind=delivery_ebike', { cookie: coord })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n')
    expect(lines[0]).toMatch(/^编号,观察时间\(北京\),社区,类型/)
    expect(lines.length).toBeGreaterThan(1)
    for (const l of lines.slice(1)) expect(l.split(',')[3]).toBe('外卖电动车')
    const geo = (await (await t.req('/api/patrol/exports/reports.geojson?kind=delivery_ebike', { cookie: coord })).json()) as any
    expect(geo.type).toBe('FeatureCollection')
    expect(geo.features).toHaveLength(lines.length - 1)
    const [lng, lat] = geo.features[0].geometry.coordinates
    expect(lng).toBeGreaterThan(116)
    expect(lat).toBeLessThan(40)
    expect((await t.req('/api/patrol/exports/reports.csv', { cookie: await t.login('inspector') })).status).toBe(403)
    expect((await t.req('/api/patrol/exports/reports.csv?from=2026-12-02&to=2026-12-01', { cookie: coord })).status).toBe(400)
  })
})
