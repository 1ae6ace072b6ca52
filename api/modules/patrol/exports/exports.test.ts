import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test-support/testing.ts'
import { toCsv, toGeoJson } from './service.ts'

type Row = Parameters<typeof toCsv>[0][number]
const row = (over: Partial<Row> = {}): Row => ({
  id: 'r1',
  observed_at: '2026-12-06T17:30:00.000Z',
  community_id: 'guangquan',
  community_name: '光泉社区',
  kind: 'shared_bike',
  address: '外企大厦门前',
  workflow_status: 'in_progress',
  counts: { 'bike-a': 20, 'bike-b': 8 },
  blocked_share: 0.5,
  clear_width_m: 1.2,
  lat: 39.9071234567,
  lng: 116.4712345678,
  hotspot_id: null,
  hotspot_landmark: null,
  hotspot_formed: null,
  hotspot: null,
  ...over,
})
const OPERATORS = [
  { id: 'bike-a', name: '单车A' },
  { id: 'bike-b', name: '单车B' },
  { id: 'delivery-jia', name: '外卖平台甲' },
]
const lines = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n')

describe('CSV for spreadsheet users', () => {
  it('has a BOM, Chinese labels, a column per operator, the share as a percentage and times with +08:00', () => {
    const csv = toCsv([row()], { operators: OPERATORS })
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(csv.endsWith('\r\n')).toBe(true)
    const [head, first] = lines(csv)
    expect(head).toBe('编号,观察时间(北京),社区,类型,地点,处理状态,车辆合计,单车A,单车B,外卖平台甲,占用比例,剩余宽度(米),纬度,经度,热点')
    expect(first).toBe('r1,2026-12-07T01:30:00+08:00,光泉社区,共享单车,外企大厦门前,处理中,28,20,8,,50%,1.2,39.9071234567,116.4712345678,')
  })

  it('keeps codes when asked, and gives a count under an unknown operator its own column', () => {
    const csv = toCsv([row({ counts: { 'bike-a': 3, 'old-op': 2 }, blocked_share: 1 / 3, kind: 'delivery_ebike', workflow_status: 'not_ours' })], {
      operators: OPERATORS,
      codes: true,
    })
    const [head, first] = lines(csv)
    expect(head).toContain(',外卖平台甲,old-op,占用比例,')
    expect(first).toBe('r1,2026-12-07T01:30:00+08:00,光泉社区,delivery_ebike,外企大厦门前,not_ours,5,3,,,2,33.3%,1.2,39.9071234567,116.4712345678,')
  })

  it('neutralises formulas and quotes commas, quotes and line breaks', () => {
    const csv = toCsv(
      [
        row({ id: 'a', address: '=HYPERLINK("http://x","y")', community_name: '+1', hotspot: '@SUM(A1)' }),
        row({ id: 'b', address: '-2+3', community_name: 'A, "B"\n楼', blocked_share: null, clear_width_m: null }),
      ],
      { operators: OPERATORS },
    )
    const body = lines(csv).slice(1).join('\n')
    expect(body).toContain(`'+1,共享单车,"'=HYPERLINK(""http://x"",""y"")"`)
    expect(body).toContain(`,'@SUM(A1)`)
    expect(body).toContain(`"A, ""B""\n楼",共享单车,'-2+3,处理中,28,20,8,,,,`)
    expect(body).not.toMatch(/(^|,)[=+@-]/m)
  })
})

describe('GeoJSON', () => {
  it('has coordinates to seven decimals and times with their offset', () => {
    const [f] = toGeoJson([row()]).features
    expect(f!.geometry.coordinates).toEqual([116.4712346, 39.9071235])
    expect(f!.properties.observed_at).toBe('2026-12-07T01:30:00+08:00')
  })
})

describe('export routes', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-12-06T17:30:00Z') })
  })
  afterAll(() => t.close())

  it('names the file by the Beijing date and heads the operator columns with the office list, retired ones too', async () => {
    const coord = await t.login('coordinator')
    const report = await t.deps.db.selectFrom('patrol_reports').select(['id', 'subdistrict_id']).executeTakeFirstOrThrow()
    await t.deps.db
      .updateTable('patrol_reports')
      .set({ counts: JSON.stringify({ 'bike-a': 4, gone: 3 }), kind: 'stall', blocked_share: 0.25 })
      .where('id', '=', report.id)
      .execute()
    await t.deps.db.deleteFrom('patrol_operators').where('subdistrict_id', '=', report.subdistrict_id).execute()
    await t.deps.db
      .insertInto('patrol_operators')
      .values([
        { subdistrict_id: report.subdistrict_id, id: 'bike-a', name: '单车甲', kind: 'bike_share', sort_order: 1, active: 1 },
        { subdistrict_id: report.subdistrict_id, id: 'gone', name: '已退出单车', kind: 'bike_share', sort_order: 2, active: 0 },
      ])
      .execute()

    const res = await t.req('/api/patrol/exports/reports.csv', { cookie: coord })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="lastmile-reports-2026-12-07.csv"')
    const [head, ...rest] = lines(await res.text())
    expect(head).toContain(',车辆合计,单车甲,已退出单车,')
    const mine = rest.find((l) => l.startsWith(`${report.id},`))!
    expect(mine).toMatch(/,摊点,.*,7,4,3,,*25%,/)
    expect(mine.split(',')[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)

    const codes = lines(await (await t.req('/api/patrol/exports/reports.csv?codes=1', { cookie: coord })).text())
    expect(codes.find((l) => l.startsWith(`${report.id},`))).toContain(',stall,')
    expect((await t.req('/api/patrol/exports/reports.csv?codes=yes', { cookie: coord })).status).toBe(400)

    const geo = await t.req('/api/patrol/exports/reports.geojson', { cookie: coord })
    expect(geo.headers.get('content-disposition')).toBe('attachment; filename="lastmile-reports-2026-12-07.geojson"')
    for (const f of ((await geo.json()) as { features: { geometry: { coordinates: number[] } }[] }).features)
      for (const c of f.geometry.coordinates) expect(Math.abs(c * 1e7 - Math.round(c * 1e7))).toBeLessThan(1e-6)
  })
})
