import { describe, expect, it } from 'vitest'
import { formatIssues } from '../messages.ts'
import { ObservationInput, ReportInput, ReportMutation, BLOCKED_SHARE_PICKS } from './report.ts'
import { findNearby, latestSighting, mayWriteCommunity, nearestCommunity, reportInputFor, sharePickOf, totalVehicles } from './rules.ts'
import { DEFAULT_OPERATORS } from './operators.ts'

const STATION = { lat: 39.892109, lng: 116.471685 }
const good = () => ({
  position: { ...STATION, accuracy_m: 8, source: 'gps' },
  community_id: 'jiulongnan',
  address: '外企大厦门前人行道',
  kind: 'shared_bike',
  counts: { 'bike-a': 23, 'delivery-jia': 7 },
  blocked_share: 2 / 3,
  clear_width_m: 0.8,
  photos: ['a'.repeat(64)],
  note: '行人走到机动车道',
  observed_at: '2026-12-01T00:15:00.000Z',
})
const errorsOf = (schema: { safeParse(v: unknown): { success: boolean; error?: any } }, v: unknown, lang: 'zh-CN' | 'en' = 'en') => {
  const r = schema.safeParse(v)
  return r.success ? [] : formatIssues(r.error.issues, lang)
}

describe('report contract', () => {
  it('accepts a complete report and fills defaults for a minimal one', () => {
    expect(ReportInput.parse(good()).counts['bike-a']).toBe(23)
    const min = ReportInput.parse({
      position: { ...STATION, accuracy_m: 12, source: 'map' },
      community_id: 'jiulongshan',
      kind: 'debris',
      observed_at: '2026-12-01T08:00:00+08:00',
    })
    expect(min).toMatchObject({ counts: {}, photos: [], note: '', address: '', blocked_share: null, clear_width_m: null })
  })

  it('refuses a pushed report with only a kind: a count, the blocked share or a photo is required, named at counts', () => {
    const bare = { ...good(), counts: { 'bike-a': 0 }, blocked_share: null, photos: [] }
    expect(errorsOf(ReportMutation, bare, 'zh-CN')).toMatchObject([{ path: 'counts', message: '请至少填写一项：车辆数量、被占宽度或照片' }])
    expect(errorsOf(reportInputFor({ role: 'inspector', community_ids: ['jiulongnan'] }), bare, 'en')).toMatchObject([
      { path: 'counts', message: 'Add at least one of: a vehicle count, the blocked share or a photo' },
    ])
    expect(errorsOf(ReportMutation, { ...bare, counts: { 'bike-a': 1 } })).toEqual([])
    expect(errorsOf(ReportMutation, { ...bare, blocked_share: 0 })).toEqual([])
    expect(errorsOf(ReportMutation, { ...bare, photos: ['b'.repeat(64)] })).toEqual([])
  })

  it('names the missing position in both languages', () => {
    const { position: _p, ...rest } = good()
    const [e] = errorsOf(ReportInput, rest, 'zh-CN')
    expect(e).toMatchObject({ path: 'position', message: '还没有位置，请等待定位或在地图上放置标记' })
    expect(errorsOf(ReportInput, { ...rest, position: null })[0]?.message).toMatch(/No position yet/)
  })

  it.each([
    [{ accuracy_m: -1 }, 'position.accuracy_m', /Accuracy/],
    [{ accuracy_m: 5000 }, 'position.accuracy_m', /Accuracy/],
    [{ accuracy_m: Number.NaN }, 'position.accuracy_m', /Accuracy/],
    [{ lat: 91 }, 'position.lat', /Latitude/],
    [{ source: 'exif' }, 'position.source', /GPS or map/],
  ])('rejects a bad position %o', (patch, path, msg) => {
    const v = good()
    const [e] = errorsOf(ReportInput, { ...v, position: { ...v.position, ...patch } })
    expect(e?.path).toBe(path)
    expect(e?.message).toMatch(msg)
  })

  it('keeps counts whole and within 0–500 per operator', () => {
    for (const n of [-1, 501, 2.5]) {
      const [e] = errorsOf(ReportInput, { ...good(), counts: { 'bike-b': n } })
      expect(e).toMatchObject({ path: 'counts.bike-b', message: 'Count must be a whole number from 0 to 500' })
    }
    expect(errorsOf(ReportInput, { ...good(), counts: { 'bike-b': 500, 'bike-a': 0 } })).toEqual([])
  })

  it('keeps the blocked share within 0–1 and the photos to six distinct hashes', () => {
    expect(errorsOf(ReportInput, { ...good(), blocked_share: 1.2 })[0]?.path).toBe('blocked_share')
    expect(errorsOf(ReportInput, { ...good(), blocked_share: -0.1 })[0]?.path).toBe('blocked_share')
    const seven = Array.from({ length: 7 }, (_, i) => String(i).repeat(64))
    expect(errorsOf(ReportInput, { ...good(), photos: seven })[0]).toMatchObject({ path: 'photos', message: 'At most 6 photos' })
    expect(errorsOf(ReportInput, { ...good(), photos: ['b'.repeat(64), 'b'.repeat(64)] })[0]?.message).toMatch(/twice/)
    expect(errorsOf(ReportInput, { ...good(), photos: ['not-a-hash'] })[0]?.path).toBe('photos.0')
  })

  it('rejects unknown fields and a kind that is not on the list', () => {
    expect(errorsOf(ReportInput, { ...good(), status: 'closed' })[0]).toMatchObject({ path: 'status', code: 'unrecognized_keys' })
    expect(errorsOf(ReportInput, { ...good(), kind: 'tank' })[0]?.path).toBe('kind')
  })

  it('validates an observation with the same sighting rules', () => {
    const { community_id: _c, address: _a, kind: _k, ...sighting } = good()
    expect(ObservationInput.safeParse({ ...sighting, report_id: '0192f5a4-8c1e-7000-8000-000000000001' }).success).toBe(true)
    expect(errorsOf(ObservationInput, { ...sighting, report_id: 'x' })[0]?.path).toBe('report_id')
    expect(errorsOf(ObservationInput, { ...sighting, report_id: '0192f5a4-8c1e-7000-8000-000000000001', counts: { 'bike-a': 600 } })[0]?.path).toBe(
      'counts.bike-a',
    )
  })
})

describe('report rules', () => {
  const inspector = { role: 'inspector', community_ids: ['jiulongnan', 'jiulongshan'] }

  it('limits an inspector to their communities, and flags it at the community field', () => {
    expect(mayWriteCommunity(inspector, 'jiulongnan')).toBe(true)
    expect(mayWriteCommunity(inspector, 'guangquan')).toBe(false)
    expect(mayWriteCommunity({ role: 'coordinator', community_ids: [] }, 'guangquan')).toBe(true)
    expect(mayWriteCommunity({ role: 'meals', community_ids: ['guangquan'] }, 'guangquan')).toBe(false)
    const [e] = errorsOf(reportInputFor(inspector), { ...good(), community_id: 'guangquan' }, 'zh-CN')
    expect(e).toMatchObject({ path: 'community_id', message: '这个社区不在您的巡查范围内' })
  })

  it('offers only open reports within 50 m, nearest first', () => {
    const at = STATION
    const rs = [
      { id: 'far', status: 'open', position: { lat: at.lat + 0.001, lng: at.lng } }, // ~111 m
      { id: 'near', status: 'open', position: { lat: at.lat + 0.0002, lng: at.lng } }, // ~22 m
      { id: 'here', status: 'open', position: { lat: at.lat, lng: at.lng + 0.0001 } }, // ~8.5 m
      { id: 'closed', status: 'closed', position: at },
    ]
    const found = findNearby(rs, at)
    expect(found.map((r) => r.id)).toEqual(['here', 'near'])
    expect(found[1]!.distance_m).toBeGreaterThan(20)
    expect(found[1]!.distance_m).toBeLessThan(25)
  })

  it('picks the nearest community and folds sightings to the latest', () => {
    const cs = [
      { id: 'guangquan', center_lat: 39.8948, center_lng: 116.4597 },
      { id: 'jiulongnan', center_lat: 39.8902, center_lng: 116.4722 },
    ]
    expect(nearestCommunity(STATION, cs)?.id).toBe('jiulongnan')
    expect(nearestCommunity(STATION, [])).toBeUndefined()
    const r = { observed_at: '2026-12-01T00:00:00Z', n: 1 }
    expect(
      latestSighting(r, [
        { observed_at: '2026-12-02T00:00:00Z', n: 2 },
        { observed_at: '2026-11-30T00:00:00Z', n: 3 },
      ]).n,
    ).toBe(2)
    expect(totalVehicles({ a: 3, b: 4 })).toBe(7)
    expect(sharePickOf(0.6667, BLOCKED_SHARE_PICKS)).toBeCloseTo(2 / 3)
    expect(sharePickOf(0.4, BLOCKED_SHARE_PICKS)).toBeUndefined()
  })

  it('ships generic operator names only', () => {
    expect(DEFAULT_OPERATORS.map((o) => o.name)).toEqual(['单车A', '单车B', '单车C', '外卖平台甲', '外卖平台乙', '其他'])
  })
})
