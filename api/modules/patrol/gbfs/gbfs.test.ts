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
const FILES = ['gbfs', 'system_information', 'vehicle_types', 'station_information', 'geofencing_zones'] as const
if (!existsSync(SCHEMAS)) throw new Error(`GBFS v3.0 schemas missing: expected them at ${SCHEMAS}`)

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }))
const validators = Object.fromEntries(FILES.map((f) => [f, ajv.compile(JSON.parse(readFileSync(`${SCHEMAS}${f}.json`, 'utf8')) as object)]))

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
