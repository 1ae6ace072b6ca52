// Every GBFS file validated with ajv against the official v3.0 schemas, vendored in ./schemas with
// their Apache-2.0 license. A missing schema file fails loudly.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { counterClockwise } from './service.ts'

const SCHEMAS = fileURLToPath(new URL('./schemas/', import.meta.url))
const FILES = ['gbfs', 'system_information', 'vehicle_types', 'station_information', 'station_status', 'geofencing_zones'] as const
if (!existsSync(SCHEMAS)) throw new Error(`GBFS v3.0 schemas missing: expected them at ${SCHEMAS}`)

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }))
const validators = Object.fromEntries([...FILES, 'manifest'].map((f) => [f, ajv.compile(JSON.parse(readFileSync(`${SCHEMAS}${f}.json`, 'utf8')) as object)]))

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const feed = async (name: string) => {
  const res = await t.req(`/gbfs/v3/${name}.json`)
  expect(res.status).toBe(200)
  expect(res.headers.get('access-control-allow-origin')).toBe('*')
  return (await res.json()) as any
}

describe('GBFS v3.0', () => {
  it.each(FILES)('%s.json validates against the official schema', async (name) => {
    const doc = await feed(name)
    const validate = validators[name]!
    const ok = validate(doc)
    expect(validate.errors ?? []).toEqual([])
    expect(ok).toBe(true)
    expect(doc.version).toBe('3.0')
  })

  it('the schemas really reject a broken document (the check can fail)', async () => {
    const doc = await feed('station_information')
    doc.data.stations[0].station_area.type = 'Polygon'
    expect(validators.station_information!(doc)).toBe(false)
  })

  it('lists absolute feed URLs that all answer, including station_status', async () => {
    const manifest = await feed('gbfs')
    const names = manifest.data.feeds.map((f: { name: string }) => f.name)
    expect(names).toEqual(['system_information', 'vehicle_types', 'station_information', 'station_status', 'geofencing_zones'])
    for (const f of manifest.data.feeds as { url: string }[]) {
      expect(f.url).toMatch(/^http:\/\/localhost\/gbfs\/v3\/\w+\.json$/)
      expect((await t.req(new URL(f.url).pathname)).status).toBe(200)
    }
    const status = await feed('station_status')
    expect(status.data.stations[0]).toMatchObject({ is_installed: true, is_renting: false, is_returning: true, num_vehicles_available: 0 })
  })

  it('each active zone is a virtual station with its area, parking type and capacity, and a zone where rides may end', async () => {
    const stations = (await feed('station_information')).data.stations as any[]
    expect(stations).toHaveLength(2)
    const gate = stations.find((s) => s.name[0].text === '外企大厦门洞停放区')
    expect(gate).toMatchObject({ is_virtual_station: true, parking_type: 'parking_lot', capacity: 60, station_area: { type: 'MultiPolygon' } })
    expect(gate.lat).toBeCloseTo(39.8925, 3)
    const zones = (await feed('geofencing_zones')).data.geofencing_zones.features as any[]
    expect(zones).toHaveLength(2)
    expect(zones[0].properties.rules[0]).toMatchObject({ ride_end_allowed: true, station_parking: true })
    const json = JSON.stringify([stations, zones])
    // Nothing private: no contact numbers of the seeded parties, no agreement links.
    expect(json).not.toMatch(/13810012345|01065432100|agreement/)
  })

  it('a new zone version keeps its station_id (the lineage) and publishes the new capacity', async () => {
    const coord = await t.login('coordinator')
    const zones = (await (await t.req('/api/patrol/zones', { cookie: coord })).json()) as any[]
    const gate = zones.find((z) => z.name === '外企大厦门洞停放区')
    const { id, lineage_id, version_no, prev_id, superseded_by, published_at, area_m2, center, created_at, updated_at, ...input } = gate
    void [id, version_no, prev_id, superseded_by, published_at, area_m2, center, created_at, updated_at]
    const res = await t.req(`/api/patrol/zones/${gate.id}`, { method: 'PUT', cookie: coord, json: { ...input, capacity: 80 } })
    expect(res.status).toBe(200)
    const stations = (await feed('station_information')).data.stations as any[]
    const station = stations.find((s) => s.station_id === lineage_id)
    expect(station).toMatchObject({ capacity: 80 })
    expect(stations).toHaveLength(2)
    expect(validators.station_information!(await feed('station_information'))).toBe(true)
  })

  it('outer rings follow the right-hand rule (counter-clockwise)', () => {
    const cw: [number, number][] = [
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 0],
      [0, 0],
    ]
    expect(counterClockwise(cw)).toEqual([...cw].reverse())
    expect(counterClockwise([...cw].reverse())).toEqual([...cw].reverse())
  })
})

/** The GBFS rule lookup a rider's app does: the first zone containing the point with a rule for the type, else global_rules. */
function mayEndRide(doc: any, point: [number, number], type: string): boolean {
  const inside = (ring: [number, number][]) => {
    let hit = false
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!
      const [xj, yj] = ring[j]!
      if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) hit = !hit
    }
    return hit
  }
  for (const f of doc.data.geofencing_zones.features) {
    if (!f.geometry.coordinates.some((poly: [number, number][][]) => inside(poly[0]!))) continue
    const rule = f.properties.rules.find((r: any) => !r.vehicle_type_ids || r.vehicle_type_ids.includes(type))
    if (rule) return rule.ride_end_allowed
  }
  const global = doc.data.global_rules.find((r: any) => !r.vehicle_type_ids || r.vehicle_type_ids.includes(type))
  return global ? global.ride_end_allowed : true
}

/** Every localized string (an array of {text, language}) anywhere in a document. */
function localizedStrings(value: unknown, path = ''): [string, { text: string; language: string }[]][] {
  if (Array.isArray(value)) {
    if (value.length && value.every((v) => v && typeof v === 'object' && 'text' in v && 'language' in v)) return [[path, value]]
    return value.flatMap((v, i) => localizedStrings(v, `${path}[${i}]`))
  }
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => localizedStrings(v, `${path}.${k}`))
  return []
}

describe('GBFS v3.0: what the schemas cannot check', () => {
  it('geofencing restricts: a ride may end inside a zone (for the types it takes) and nowhere else', async () => {
    const doc = await feed('geofencing_zones')
    expect(doc.data.global_rules).toEqual([
      { vehicle_type_ids: ['bicycle', 'ebike', 'delivery_ebike'], ride_start_allowed: true, ride_end_allowed: false, ride_through_allowed: true },
    ])
    const stations = (await feed('station_information')).data.stations as any[]
    for (const s of stations) {
      const zone = doc.data.geofencing_zones.features.find((f: any) => f.properties.name[0].text === s.name[0].text)
      const takes: string[] = zone.properties.rules[0].vehicle_type_ids
      for (const type of ['bicycle', 'ebike', 'delivery_ebike']) expect(mayEndRide(doc, [s.lon, s.lat], type)).toBe(takes.includes(type))
    }
    expect(mayEndRide(doc, [116.46, 39.9], 'bicycle')).toBe(false) // a street outside every zone
  })

  it('station_status gives vehicle_types_available on every station, with types vehicle_types.json publishes', async () => {
    const types = ((await feed('vehicle_types')).data.vehicle_types as any[]).map((v) => v.vehicle_type_id)
    const info = (await feed('station_information')).data.stations as any[]
    const status = (await feed('station_status')).data.stations as any[]
    expect(status.map((s) => s.station_id).sort()).toEqual(info.map((s) => s.station_id).sort())
    for (const s of status) {
      expect(s.vehicle_types_available.length).toBeGreaterThan(0)
      for (const v of s.vehicle_types_available) expect(types).toContain(v.vehicle_type_id)
      const capacityTypes = info.find((i) => i.station_id === s.station_id).vehicle_types_capacity[0].vehicle_type_ids
      expect(s.vehicle_types_available.map((v: any) => v.vehicle_type_id)).toEqual(capacityTypes)
    }
  })

  it('every localized string is given in every language system_information lists', async () => {
    const languages = (await feed('system_information')).data.languages as string[]
    expect(languages).toEqual(['zh-CN', 'en'])
    let count = 0
    for (const name of FILES) {
      for (const [path, strings] of localizedStrings(await feed(name))) {
        count++
        expect({ path: `${name}${path}`, languages: strings.map((s) => s.language) }).toEqual({ path: `${name}${path}`, languages })
        for (const s of strings) expect(s.text.trim()).not.toBe('')
      }
    }
    expect(count).toBeGreaterThanOrEqual(9)
  })

  it('names the license, and last_updated is when the data changed, not when it was asked for', async () => {
    const info = await feed('system_information')
    expect(info.data.license_url).toBe('https://creativecommons.org/licenses/by/4.0/')
    const newest = await t.deps.db
      .selectFrom('patrol_zones')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .executeTakeFirstOrThrow()
    const first = await feed('station_information')
    expect(first.last_updated).toBe(new Date(String(newest.at)).toISOString().replace(/\.\d{3}Z$/, 'Z'))
    t.clock.advance(3_600_000)
    const later = await feed('station_information')
    expect(later.last_updated).toBe(first.last_updated)
    expect((await feed('station_status')).last_updated).toBe(first.last_updated)
  })

  it('sends an ETag and answers 304 to If-None-Match until the zones change', async () => {
    const res = await t.req('/gbfs/v3/station_information.json')
    const tag = res.headers.get('etag')
    expect(tag).toMatch(/^(W\/)?"[^"]+"$/)
    t.clock.advance(60_000)
    const again = await t.req('/gbfs/v3/station_information.json', { headers: { 'if-none-match': tag! } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    const coord = await t.login('coordinator')
    const zones = (await (await t.req('/api/patrol/zones', { cookie: coord })).json()) as any[]
    const gate = zones.find((z) => z.name === '外企大厦门洞停放区' && !z.superseded_by)
    const { id, lineage_id, version_no, prev_id, superseded_by, published_at, area_m2, center, created_at, updated_at, ...input } = gate
    void [id, lineage_id, version_no, prev_id, superseded_by, published_at, area_m2, center, created_at, updated_at]
    expect((await t.req(`/api/patrol/zones/${gate.id}`, { method: 'PUT', cookie: coord, json: { ...input, capacity: input.capacity + 1 } })).status).toBe(200)
    const changed = await t.req('/gbfs/v3/station_information.json', { headers: { 'if-none-match': tag! } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(tag)
    expect(((await changed.json()) as any).last_updated).toBe(t.clock.now.toISOString().replace(/\.\d{3}Z$/, 'Z'))
  })

  it('publishes manifest.json once a second subdistrict has zones, each data set answering for its own system', async () => {
    expect((await t.req('/gbfs/v3/manifest.json')).status).toBe(404)
    const db = t.deps.db
    const at = t.clock.now.toISOString()
    await db
      .insertInto('subdistricts')
      .values({ id: 'jinsong', name: '劲松街道', district: '朝阳区', center_lat: 39.885, center_lng: 116.46, created_at: at })
      .execute()
    await db
      .insertInto('communities')
      .values({ subdistrict_id: 'jinsong', id: 'jinsong-east', name: '劲松东社区', center_lat: 39.885, center_lng: 116.46 })
      .execute()
    const model = await db.selectFrom('patrol_zones').selectAll().where('status', '=', 'active').where('superseded_by', 'is', null).executeTakeFirstOrThrow()
    await db
      .insertInto('patrol_zones')
      .values({ ...model, subdistrict_id: 'jinsong', community_id: 'jinsong-east', agreement_id: null, updated_at: at })
      .execute()
    const res = await t.req('/gbfs/v3/manifest.json')
    expect(res.status).toBe(200)
    const manifest = (await res.json()) as any
    const validate = validators.manifest!
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true)
    expect(manifest.data.datasets.map((d: any) => d.system_id)).toEqual(['lastmile-jinsong', 'lastmile-shuangjing'])
    for (const d of manifest.data.datasets) {
      const url = new URL(d.versions[0].url)
      const gbfs = (await (await t.req(url.pathname + url.search)).json()) as any
      const info = new URL(gbfs.data.feeds.find((f: any) => f.name === 'system_information').url)
      const system = (await (await t.req(info.pathname + info.search)).json()) as any
      expect(system.data.system_id).toBe(d.system_id)
    }
  })
})
