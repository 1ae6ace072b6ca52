// GeoReport v2 as clients use it: discovery, XML every strict parser accepts whatever was stored, the
// spec's page size and comma lists, requests with only an address (flagged, then placed by the office),
// media links kept as links, jurisdiction_id, servicerequestupdates, CORS and the body type.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { assertWellFormed, readXml } from '../../../test-support/xml.ts'
import { DEMO_OPEN311_KEY } from '../hotspots/seed.ts'
import { uuidv7 } from '#domain/ids.ts'
import { tileOf, toGrid } from '#domain/patrol/map-tiles.ts'
import { idsShown } from '../../../test-support/tile-reports.ts'
import { toXml } from './format.ts'

let t: TestApp
let coord: string
beforeAll(async () => {
  t = await createTestApp()
  coord = await t.login('coordinator')
})
afterAll(() => t.close())
afterEach(() => vi.restoreAllMocks())

const STATION = { lat: 39.892109, lng: 116.471685 }
/** The reports the coordinator's map shows in the zoom-18 tile of a place. */
/** The reports the coordinator's closest-zoom tile at `at` shows (its points and its clusters' cell lists). */
async function onMapAt(at: { lat: number; lng: number }, cookie: string): Promise<string[]> {
  const [x, y] = tileOf(toGrid(at.lat, at.lng), 18)
  return idsShown(
    async (path) => {
      const res = await t.req(path, { cookie })
      expect(res.status).toBe(200)
      return res
    },
    18,
    x,
    y,
  )
}
const form = (fields: Record<string, string | number | string[]>, path = '/open311/v2/requests.xml') => {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, String(one))
  return t.req(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
}
const xml = async (path: string) => {
  const res = await t.req(path)
  const text = await res.text()
  return { res, text, doc: readXml(text) }
}
const report = (id: string) => t.deps.db.selectFrom('patrol_reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

describe('the strict reader itself', () => {
  it('refuses what XML 1.0 forbids, so the checks below can fail', () => {
    expect(() => assertWellFormed('<?xml version="1.0" encoding="utf-8"?><a>\u0001</a>')).toThrow(/disallowed character/)
    expect(() => assertWellFormed('<a><b></a>')).toThrow(/not well-formed/)
    expect(() => assertWellFormed('<a>&#1;</a>')).toThrow(/not well-formed/)
    expect(() => assertWellFormed('<?xml version="1.0" encoding="utf-8"?><a>x &amp; y</a>')).not.toThrow()
  })
})

describe('discovery', () => {
  it('answers discovery.json and discovery.xml (not the unknown-resource 404)', async () => {
    const res = await t.req('/open311/v2/discovery.json')
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://localhost/open311/v2', type: 'production' })
    const { res: x, doc } = await xml('/open311/v2/discovery.xml')
    expect(x.status).toBe(200)
    expect(x.headers.get('content-type')).toMatch(/^text\/xml; charset=utf-8/)
    expect(doc.discovery.endpoints.endpoint.formats.format).toEqual(['application/json', 'text/xml'])
    expect(doc.discovery.changeset).toBe(body.changeset)
  })
})

describe('XML that stays well-formed', () => {
  it('one stored U+0001 does not break requests.xml: the characters XML forbids are never written', async () => {
    const id = (await t.deps.db.selectFrom('patrol_reports').select('id').orderBy('observed_at', 'desc').executeTakeFirstOrThrow()).id
    await t.deps.db.updateTable('patrol_reports').set({ address: 'A\u0001B\uFFFEC\u000BD & <E>' }).where('id', '=', id).execute()
    const { res, text, doc } = await xml('/open311/v2/requests.xml')
    expect(res.status).toBe(200)
    expect(text).not.toMatch(/[\u0001\u000B\uFFFE]/)
    const mine = (doc.service_requests.request as any[]).find((r) => r.service_request_id === id)
    expect(mine.address).toBe('ABCD & <E>')
    const json = (await (await t.req(`/open311/v2/requests/${id}.json`)).json()) as any[]
    expect(json[0].address).toBe('ABCD & <E>')
  })

  it('the builder drops lone surrogates and controls from any value, and escapes markup', () => {
    const out = toXml('service_requests', [{ address: 'A\uD800B\u0000C<&>', lat: null }])
    assertWellFormed(out)
    expect(out).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_requests><request><address>ABC&lt;&amp;&gt;</address><lat></lat></request></service_requests>',
    )
  })

  it('strips forbidden characters from a POST instead of refusing it or storing them', async () => {
    const res = await form({
      api_key: DEMO_OPEN311_KEY,
      service_code: 'debris',
      lat: STATION.lat,
      long: STATION.lng,
      address_string: '九龙山\u0001站',
      description: 'bad\u0008 bytes\u001F',
    })
    expect(res.status).toBe(201)
    const [created] = readXml(await res.text()).service_requests.request
    const row = await report(created.service_request_id)
    expect(row.address).toBe('九龙山站')
    expect(row.note).toBe('bad bytes')
  })

  it('every XML answer parses strictly: services, definition, requests, one request, updates, errors', async () => {
    for (const path of [
      '/open311/v2/services.xml',
      '/open311/v2/services/shared_bike.xml',
      '/open311/v2/requests.xml?status=open,closed',
      '/open311/v2/servicerequestupdates.xml',
      '/open311/v2/requests.xml?page_size=0',
      '/open311/v2/nothing.xml',
    ]) {
      const res = await t.req(path)
      expect(() => assertWellFormed(res.headers.get('content-type')?.includes('xml') ? '' : 'x')).toThrow()
      assertWellFormed(await res.text())
    }
  })
})

describe('request lists', () => {
  it('returns up to 1000 by default (the spec), and a Link to the next page when there is one', async () => {
    // Sixty more reports than the seed has, copies of one seeded report.
    const model = await t.deps.db.selectFrom('patrol_reports').selectAll().orderBy('observed_at', 'desc').executeTakeFirstOrThrow()
    const base = t.clock.now.getTime() - 86_400_000
    await t.deps.db
      .insertInto('patrol_reports')
      .values(Array.from({ length: 60 }, (_, i) => ({ ...model, id: uuidv7(base + i * 1000), observed_at: new Date(base + i * 1000).toISOString() })))
      .execute()
    const all = (await (await t.req('/open311/v2/requests.json')).json()) as any[]
    expect(all.length).toBeGreaterThan(50)
    expect(all.length).toBeLessThanOrEqual(1000)
    const firstPage = await t.req('/open311/v2/requests.json?page_size=10')
    const link = firstPage.headers.get('link')
    expect(link).toMatch(/^<http:\/\/localhost\/open311\/v2\/requests\.json\?page_size=10&page=2>; rel="next"$/)
    const next = (await (
      await t.req(new URL(link!.slice(1, link!.indexOf('>'))).pathname + new URL(link!.slice(1, link!.indexOf('>'))).search)
    ).json()) as any[]
    expect(next.map((r) => r.service_request_id)).toEqual(all.slice(10, 20).map((r) => r.service_request_id))
    const last = await t.req(`/open311/v2/requests.json?page_size=${all.length}`)
    expect(last.headers.get('link')).toBeNull()
  })

  it('takes comma lists for status, service_code and service_request_id', async () => {
    const all = (await (await t.req('/open311/v2/requests.json')).json()) as any[]
    const both = (await (await t.req('/open311/v2/requests.json?status=open,closed')).json()) as any[]
    expect(both).toHaveLength(all.length)
    const closedId = all[1].service_request_id
    await t.req(`/api/patrol/review/reports/${closedId}/status`, { method: 'POST', cookie: coord, json: { status: 'resolved', note: '' } })
    const closed = (await (await t.req('/open311/v2/requests.json?status=closed')).json()) as any[]
    expect(closed.map((r) => r.service_request_id)).toContain(closedId)
    expect((await (await t.req('/open311/v2/requests.json?status=open')).json()) as any[]).toHaveLength(all.length - closed.length)
    const kinds = (await (await t.req('/open311/v2/requests.json?service_code=shared_bike,debris')).json()) as any[]
    expect(kinds.length).toBe(all.filter((r) => r.service_code === 'shared_bike' || r.service_code === 'debris').length)
    const ids = [all[0].service_request_id, all[2].service_request_id]
    const picked = readXml(await (await t.req(`/open311/v2/requests.xml?service_request_id=${ids.join(',')}`)).text())
    expect((picked.service_requests.request as any[]).map((r) => r.service_request_id).sort()).toEqual([...ids].sort())
    expect((await t.req('/open311/v2/requests.json?status=open,maybe')).status).toBe(400)
  })
})

describe('POST with only an address', () => {
  it('files the report flagged “needs a position”; the coordinator sees it and places it; then it joins a hotspot', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    const res = await form(
      {
        api_key: DEMO_OPEN311_KEY,
        service_code: 'shared_bike',
        address_string: '劲松西街 12 号门口',
        description: '门口堆满了单车',
        media_url: ['https://fms.example/photo/1.jpeg', 'https://fms.example/photo/2.jpeg'],
      },
      '/open311/v2/requests.json',
    )
    expect(res.status).toBe(201)
    const [created] = (await res.json()) as any[]
    const row = await report(created.service_request_id)
    expect(row).toMatchObject({ needs_position: 1, hotspot_id: null, address: '劲松西街 12 号门口', workflow_status: 'open' })
    expect(JSON.parse(row.media_urls)).toEqual(['https://fms.example/photo/1.jpeg', 'https://fms.example/photo/2.jpeg'])
    expect(fetchSpy).not.toHaveBeenCalled() // the links are kept, never fetched
    // Open311 shows no made-up position; devices do not get it yet.
    const [pub] = (await (await t.req(`/open311/v2/requests/${created.service_request_id}.json`)).json()) as any[]
    expect(pub).toMatchObject({ lat: null, long: null, address: '劲松西街 12 号门口', status: 'open' })
    const logged = await t.deps.db.selectFrom('change_log').select('entity_id').where('entity_id', '=', created.service_request_id).execute()
    expect(logged).toEqual([])
    // Nor does the review filter place it on the map, the charts or the exports.
    expect(await onMapAt(STATION, coord)).not.toContain(created.service_request_id)
    // The coordinator's list flags it; inspectors may not use it.
    const list = (await (await t.req('/api/patrol/review/unplaced', { cookie: coord })).json()) as any[]
    expect(list).toContainEqual(
      expect.objectContaining({
        id: created.service_request_id,
        kind: 'shared_bike',
        media_urls: ['https://fms.example/photo/1.jpeg', 'https://fms.example/photo/2.jpeg'],
      }),
    )
    expect((await t.req('/api/patrol/review/unplaced', { cookie: await t.login('inspector') })).status).toBe(403)
    // Far away: refused; then placed at the station.
    const far = await t.req(`/api/patrol/review/reports/${created.service_request_id}/position`, {
      method: 'POST',
      cookie: coord,
      json: { lat: 31.23, lng: 121.47 },
    })
    expect(far.status).toBe(400)
    const placed = await t.req(`/api/patrol/review/reports/${created.service_request_id}/position`, {
      method: 'POST',
      cookie: coord,
      json: { lat: STATION.lat, lng: STATION.lng },
    })
    expect(placed.status).toBe(200)
    const after = await report(created.service_request_id)
    expect(after).toMatchObject({ needs_position: 0, lat: STATION.lat, lng: STATION.lng, community_id: 'jiulongnan', version: 2 })
    expect(after.hotspot_id).not.toBeNull()
    expect(await onMapAt(STATION, coord)).toContain(created.service_request_id)
    expect(((await (await t.req('/api/patrol/review/unplaced', { cookie: coord })).json()) as any[]).map((r) => r.id)).not.toContain(created.service_request_id)
    const change = await t.deps.db.selectFrom('change_log').selectAll().where('entity_id', '=', created.service_request_id).executeTakeFirstOrThrow()
    expect(change).toMatchObject({ entity: 'report', community_id: 'jiulongnan', version: 2 })
    const [now] = (await (await t.req(`/open311/v2/requests/${created.service_request_id}.json`)).json()) as any[]
    expect(now).toMatchObject({ lat: STATION.lat, long: STATION.lng })
    // Placed once: a second placement is a conflict.
    const twice = await t.req(`/api/patrol/review/reports/${created.service_request_id}/position`, {
      method: 'POST',
      cookie: coord,
      json: { lat: STATION.lat, lng: STATION.lng },
    })
    expect(twice.status).toBe(409)
  })

  it("takes FixMyStreet's address_id #NOTPINPOINTED# as a request without a pin", async () => {
    const res = await form({ api_key: DEMO_OPEN311_KEY, service_code: 'debris', address_id: '#NOTPINPOINTED#', description: '杂物' })
    expect(res.status).toBe(201)
    const [created] = readXml(await res.text()).service_requests.request
    expect(await report(created.service_request_id)).toMatchObject({ needs_position: 1, address: '' })
  })

  it.each([
    [{ media_url: 'javascript:alert(1)' }, /media_url must be an http\(s\) URL/],
    [{ media_url: 'file:///etc/passwd' }, /media_url must be an http\(s\) URL/],
  ])('refuses %o', async (extra, msg) => {
    const res = await form({ api_key: DEMO_OPEN311_KEY, service_code: 'debris', lat: STATION.lat, long: STATION.lng, ...extra }, '/open311/v2/requests.json')
    expect(res.status).toBe(400)
    expect(((await res.json()) as any[])[0].description).toMatch(msg)
  })
})

describe('jurisdiction_id', () => {
  it('is optional with one jurisdiction, and another one is not found (GET and POST)', async () => {
    expect((await t.req('/open311/v2/services.json?jurisdiction_id=shuangjing')).status).toBe(200)
    expect((await t.req('/open311/v2/requests.json?jurisdiction_id=elsewhere')).status).toBe(404)
    expect((await t.req('/open311/v2/servicerequestupdates.json?jurisdiction_id=elsewhere')).status).toBe(404)
    const res = await form(
      { api_key: DEMO_OPEN311_KEY, jurisdiction_id: 'elsewhere', service_code: 'debris', lat: STATION.lat, long: STATION.lng },
      '/open311/v2/requests.json',
    )
    expect(res.status).toBe(404)
    expect(((await res.json()) as any[])[0].description).toBe('jurisdiction_id provided was not found')
    const ok = await form(
      { api_key: DEMO_OPEN311_KEY, jurisdiction_id: 'shuangjing', service_code: 'debris', lat: STATION.lat, long: STATION.lng },
      '/open311/v2/requests.json',
    )
    expect(ok.status).toBe(201)
  })
})

describe('servicerequestupdates', () => {
  it('lists each status change in the window, with the state FixMyStreet maps and the public wording', async () => {
    const start = t.clock.now.toISOString()
    const res = await form({ api_key: DEMO_OPEN311_KEY, service_code: 'car', lat: STATION.lat, long: STATION.lng }, '/open311/v2/requests.json')
    const [created] = (await res.json()) as any[]
    t.clock.advance(60_000)
    await t.req(`/api/patrol/review/reports/${created.service_request_id}/status`, {
      method: 'POST',
      cookie: coord,
      json: { status: 'in_progress', note: '联系车主' },
    })
    t.clock.advance(60_000)
    await t.req(`/api/patrol/review/reports/${created.service_request_id}/status`, {
      method: 'POST',
      cookie: coord,
      json: { status: 'not_ours', note: '交警负责' },
    })
    const q = `start_date=${encodeURIComponent(start)}&end_date=${encodeURIComponent(t.clock.now.toISOString())}`
    const json = (await (await t.req(`/open311/v2/servicerequestupdates.json?${q}`)).json()) as any[]
    const mine = json.filter((u) => u.service_request_id === created.service_request_id)
    expect(mine.map((u) => [u.status, u.external_status_code, u.description])).toEqual([
      ['in_progress', 'in_progress', '正在处理'],
      ['not_councils_responsibility', 'not_ours', '不属于本街道职责范围，已转交'],
    ])
    expect(mine[1].updated_datetime).toBe(t.clock.now.toISOString().replace(/\.\d{3}Z$/, 'Z'))
    expect(JSON.stringify(mine)).not.toMatch(/联系车主|交警负责/) // the office's notes never go out
    const { doc } = await xml(`/open311/v2/servicerequestupdates.xml?${q}`)
    const updates = (doc.service_request_updates.request_update as any[]).filter((u) => u.service_request_id === created.service_request_id)
    expect(updates.map((u) => u.update_id)).toEqual(mine.map((u) => u.update_id))
    expect(updates[0].media_url).toBe('')
    // Outside the window: nothing.
    const before = `start_date=2020-01-01T00:00:00Z&end_date=2020-01-02T00:00:00Z`
    expect((await (await t.req(`/open311/v2/servicerequestupdates.json?${before}`)).json()) as any[]).toEqual([])
    expect((await t.req('/open311/v2/servicerequestupdates.json?start_date=soon')).status).toBe(400)
  })
})

describe('CORS and body type', () => {
  it('answers the preflight and tells any origin it may read the answers', async () => {
    const pre = await t.req('/open311/v2/requests.json', {
      method: 'OPTIONS',
      headers: { origin: 'https://fms.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/POST/)
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i)
    const get = await t.req('/open311/v2/services.json', { headers: { origin: 'https://fms.example' } })
    expect(get.headers.get('access-control-allow-origin')).toBe('*')
    const refused = await t.req('/open311/v2/requests.json', {
      method: 'POST',
      headers: { origin: 'https://fms.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'service_code=debris',
    })
    expect(refused.status).toBe(403)
    expect(refused.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('a text/plain POST is the spec’s 400, in XML too, and files nothing', async () => {
    const body = `api_key=${DEMO_OPEN311_KEY}&service_code=debris&lat=${STATION.lat}&long=${STATION.lng}`
    const res = await t.req('/open311/v2/requests.json', { method: 'POST', headers: { 'content-type': 'text/plain' }, body })
    expect(res.status).toBe(400)
    expect(((await res.json()) as any[])[0]).toEqual({ code: 400, description: 'Content-Type must be application/x-www-form-urlencoded' })
    const x = await t.req('/open311/v2/requests.xml', { method: 'POST', headers: { 'content-type': 'text/plain' }, body })
    expect(x.status).toBe(400)
    expect(readXml(await x.text()).errors.error[0].code).toBe('400')
  })
})

describe('jurisdiction_id with two jurisdictions (last: it adds a subdistrict)', () => {
  it('is required on GETs once the endpoint serves two; a POST takes its key’s', async () => {
    await t.deps.db
      .insertInto('subdistricts')
      .values({ id: 'jinsong', name: '劲松街道', district: '朝阳区', center_lat: 39.885, center_lng: 116.46, created_at: t.clock.now.toISOString() })
      .execute()
    const missing = await t.req('/open311/v2/requests.xml')
    expect(missing.status).toBe(400)
    expect(readXml(await missing.text()).errors.error[0].description).toBe('jurisdiction_id was not provided')
    expect((await t.req('/open311/v2/requests.json?jurisdiction_id=shuangjing')).status).toBe(200)
    expect(await (await t.req('/open311/v2/requests.json?jurisdiction_id=jinsong')).json()).toEqual([])
    const posted = await form({ api_key: DEMO_OPEN311_KEY, service_code: 'debris', lat: STATION.lat, long: STATION.lng }, '/open311/v2/requests.json')
    expect(posted.status).toBe(201)
    const wrong = await form({ api_key: DEMO_OPEN311_KEY, jurisdiction_id: 'jinsong', service_code: 'debris', lat: STATION.lat, long: STATION.lng })
    expect(wrong.status).toBe(404)
  })
})
