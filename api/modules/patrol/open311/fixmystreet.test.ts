// The requests FixMyStreet's Open311 integration (perllib/Open311.pm, Open311/GetServiceRequestUpdates.pm)
// sends, in its shapes, and the answers read the way it reads them: XML::Simple with ForceArray on the
// list elements (readXml does the same after a strict well-formedness check). Every POST is form-encoded
// with api_key and jurisdiction_id in the body; updates are polled with a W3CDTF window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { readXml } from '../../../test-support/xml.ts'
import { DEMO_OPEN311_KEY } from '../hotspots/seed.ts'

let t: TestApp
let coord: string
beforeAll(async () => {
  t = await createTestApp()
  coord = await t.login('coordinator')
})
afterAll(() => t.close())

const ENDPOINT = '/open311/v2/'
const JURISDICTION = 'shuangjing'

/** Open311.pm's _request: jurisdiction_id on every call, api_key in a POST's body; GET params in the query. */
async function fms(method: 'GET' | 'POST', path: string, params: Record<string, string | string[]> = {}) {
  const all: [string, string][] = [['jurisdiction_id', JURISDICTION]]
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) all.push([k, one])
  if (method === 'POST') all.push(['api_key', DEMO_OPEN311_KEY])
  const qs = new URLSearchParams(all).toString()
  const res =
    method === 'GET'
      ? await t.req(`${ENDPOINT}${path}?${qs}`)
      : await t.req(`${ENDPOINT}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: qs })
  return { status: res.status, obj: readXml(await res.text()) }
}

/** Open311.pm's map_state: the state FixMyStreet gives a report for a status it receives (not extended). */
function mapState(incoming: string): string {
  const s = incoming.toLowerCase().replace(/_/g, ' ')
  const map: Record<string, string> = {
    fixed: 'fixed - council',
    'not councils responsibility': 'not responsible',
    'no further action': 'unable to fix',
    open: 'confirmed',
    closed: 'fixed - council',
  }
  return map[s] ?? s
}
/** The states a FixMyStreet problem can be in (FixMyStreet::DB::Result::Problem). */
const FMS_STATES = [
  'confirmed',
  'investigating',
  'in progress',
  'action scheduled',
  'fixed - council',
  'duplicate',
  'not responsible',
  'unable to fix',
  'closed',
]

/** W3CDTF as DateTime::Format::W3CDTF formats a UTC DateTime. */
const w3cdtf = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

describe('FixMyStreet talking to this endpoint', () => {
  it('populates its service list and each service’s attributes', async () => {
    const list = await fms('GET', 'services.xml')
    expect(list.status).toBe(200)
    const services = list.obj.services.service as any[]
    expect(services.map((s) => s.service_code)).toContain('shared_bike')
    const bikes = services.find((s) => s.service_code === 'shared_bike')
    expect(bikes).toMatchObject({ metadata: 'true', type: 'realtime', group: ['人行道占用'] }) // group is in ForceArray
    const meta = await fms('GET', 'services/shared_bike.xml')
    const attrs = meta.obj.service_definition.attributes.attribute as any[]
    expect(attrs.map((a) => a.code)).toEqual(['vehicle_count', 'operator', 'blocked_share'])
    expect(attrs[1].values.value.map((v: any) => v.key)).toContain('bike-a')
  })

  it('sends a pinned report with its attributes and photo link, and reads service_request_id', async () => {
    const { status, obj } = await fms('POST', 'requests.xml', {
      description: '九龙山站 B 口单车堆满了',
      service_code: 'shared_bike',
      first_name: 'Alex',
      last_name: 'Doe',
      email: 'alex@example.org',
      lat: '39.892109',
      long: '116.471685',
      media_url: 'https://fms.example/photo/42.0.jpeg',
      'attribute[vehicle_count]': '14',
      'attribute[operator]': 'bike-a',
      'attribute[blocked_share]': '0.5',
    })
    expect(status).toBe(200 + 1)
    const id = obj.service_requests.request[0].service_request_id
    expect(typeof id).toBe('string') // `return $request_id unless ref $request_id`
    const row = await t.deps.db.selectFrom('patrol_reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      kind: 'shared_bike',
      counts: '{"bike-a":14}',
      blocked_share: 0.5,
      needs_position: 0,
      media_urls: '["https://fms.example/photo/42.0.jpeg"]',
      source: 'open311',
    })
    expect(JSON.stringify(row)).not.toMatch(/alex|Doe/i) // names and e-mail are not kept
  })

  it('sends reports without a pin (postcode as address_string, or address_id #NOTPINPOINTED#), and they wait to be placed', async () => {
    const a = await fms('POST', 'requests.xml', { description: '门口堆物', service_code: 'debris', first_name: 'A', last_name: 'B', address_string: '100022' })
    const b = await fms('POST', 'requests.xml', {
      description: '单车',
      service_code: 'shared_bike',
      first_name: 'A',
      last_name: 'B',
      address_id: '#NOTPINPOINTED#',
    })
    expect([a.status, b.status]).toEqual([201, 201])
    const ids = [a.obj.service_requests.request[0].service_request_id, b.obj.service_requests.request[0].service_request_id]
    const unplaced = ((await (await t.req('/api/patrol/review/unplaced', { cookie: coord })).json()) as any[]).map((r) => r.id)
    expect(unplaced).toEqual(expect.arrayContaining(ids))
    // get_service_requests({report_ids}) joins them with commas.
    const back = await fms('GET', 'requests.xml', { service_request_id: ids.join(',') })
    const requests = back.obj.service_requests.request as any[]
    expect(requests.map((r) => r.service_request_id).sort()).toEqual([...ids].sort())
    for (const r of requests) expect([r.lat, r.long]).toEqual(['', ''])
  })

  it('polls servicerequestupdates and learns when its request was closed', async () => {
    const sent = await fms('POST', 'requests.xml', { description: '机动车占道', service_code: 'car', lat: '39.892109', long: '116.471685' })
    const id = sent.obj.service_requests.request[0].service_request_id
    const start = new Date(t.clock.now.getTime() - 2 * 3600_000) // parse_dates: the last two hours
    t.clock.advance(5 * 60_000)
    await t.req(`/api/patrol/review/reports/${id}/status`, { method: 'POST', cookie: coord, json: { status: 'notified', note: '' } })
    t.clock.advance(5 * 60_000)
    await t.req(`/api/patrol/review/reports/${id}/status`, { method: 'POST', cookie: coord, json: { status: 'resolved', note: '车已挪走' } })
    const { status, obj } = await fms('GET', 'servicerequestupdates.xml', {
      api_key: DEMO_OPEN311_KEY,
      start_date: w3cdtf(start),
      end_date: w3cdtf(t.clock.now),
    })
    expect(status).toBe(200)
    const updates = (obj.service_request_updates.request_update as any[]).filter((u) => u.service_request_id === id)
    // process_requests: entries without update_id are skipped; each is new once (external_id = update_id).
    expect(updates.every((u) => typeof u.update_id === 'string' && u.update_id.length > 0)).toBe(true)
    expect(new Set(updates.map((u) => u.update_id)).size).toBe(updates.length)
    const states = updates.map((u) => mapState(u.status))
    expect(states).toEqual(['action scheduled', 'fixed - council'])
    for (const s of states) expect(FMS_STATES).toContain(s)
    expect(updates[1].updated_datetime).toBe(w3cdtf(t.clock.now))
    expect(updates[1].description).toBe('已处理')
    // The request itself reads closed too.
    const back = await fms('GET', 'requests.xml', { service_request_id: id })
    expect(back.obj.service_requests.request[0].status).toBe('closed')
  })

  it('reads an error list the way _process_error does', async () => {
    const res = await t.req(`${ENDPOINT}requests.xml`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ jurisdiction_id: JURISDICTION, api_key: 'not-a-key', service_code: 'debris', lat: '39.89', long: '116.47' }).toString(),
    })
    expect(res.status).toBe(403)
    const obj = readXml(await res.text())
    expect(obj.errors.error.map((e: any) => `${e.code}: ${e.description}`)).toEqual(['403: Invalid api_key received -- can not proceed with create_request'])
  })
})
