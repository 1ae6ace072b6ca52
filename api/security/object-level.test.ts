// Object-level authorization beside the role matrix: an inspector of one community cannot read or
// pull another community's records, and residents' public interfaces carry no personal data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('object-level access', () => {
  it('an inspector reads reports of own communities only, by id, by list and by sync pull', async () => {
    const own = await t.login('inspector2') // guangquan only
    const reports = await t.deps.db.selectFrom('patrol_reports').select(['id', 'community_id']).where('subdistrict_id', '=', 'shuangjing').execute()
    const foreign = reports.filter((r) => r.community_id !== 'guangquan')
    expect(foreign.length).toBeGreaterThan(0)
    for (const r of foreign.slice(0, 15)) {
      const res = await t.req(`/api/patrol/reports/${r.id}`, { cookie: own })
      expect([403, 404], `report ${r.id} of ${r.community_id}`).toContain(res.status)
      expect(res.headers.get('content-type')).toMatch(/problem\+json/)
    }
    const other = await t.login('inspector') // jiulongshan, jiulongnan
    const mine = reports.find((r) => r.community_id === 'jiulongshan')!
    expect((await t.req(`/api/patrol/reports/${mine.id}`, { cookie: other })).status).toBe(200)

    const list = await t.req('/api/patrol/reports', { cookie: own })
    expect(list.status).toBe(200)
    const body = (await list.json()) as { items?: { community_id: string }[] } | { community_id: string }[]
    const items = Array.isArray(body) ? body : (body.items ?? [])
    expect(items.every((i) => i.community_id === 'guangquan')).toBe(true)

    const pulled = (await (await t.req('/api/sync/pull?since=0&limit=1000', { cookie: own })).json()) as {
      changes: { record: { community_id?: string | null } | null }[]
    }
    expect(pulled.changes.length).toBeGreaterThan(0)
    const communities = new Set(pulled.changes.map((c) => c.record?.community_id).filter((c) => c !== undefined && c !== null))
    expect([...communities].filter((c) => c !== 'guangquan')).toEqual([])
  })
})

describe('public interfaces', () => {
  const PUBLIC = [
    '/api/meals/public',
    '/api/patrol/zones/public',
    '/api/counter/public/guides',
    '/open311/v2/requests.json',
    '/open311/v2/services.json',
    '/gbfs/v3/gbfs.json',
    '/gbfs/v3/station_information.json',
  ]

  it("carry no phone numbers, ID numbers, residents' or staff names", async () => {
    const residents = await t.deps.db.selectFrom('meal_subscribers').select(['name', 'phone']).execute()
    const staff = await t.deps.db.selectFrom('users').select(['display_name', 'username']).execute()
    expect(residents.length).toBeGreaterThan(0)
    for (const path of PUBLIC) {
      const res = await t.req(path)
      expect(res.status, path).toBe(200)
      const text = await res.text()
      expect(text, `${path}: mobile number`).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/)
      expect(text, `${path}: ID number`).not.toMatch(/(?<!\d)\d{17}[\dXx](?!\d)/)
      for (const r of residents) expect(text, `${path}: resident`).not.toContain(r.name)
      for (const u of staff) expect(text, `${path}: staff`).not.toContain(u.display_name)
    }
  })
})
