import { describe, expect, it } from 'vitest'
import { addSighting, formsHotspot, hourSlot, recomputeSites, scoreAt, sightingWeight, type Sighting, type Site } from './hotspots.ts'

const STATION = { lat: 39.892109, lng: 116.471685 }
let seq = 0
const id = () => `s${String(++seq).padStart(4, '0')}`

function sighting(over: Partial<Sighting> & { at: string; dLat?: number }): Sighting {
  const { at, dLat = 0, ...rest } = over
  const sid = id()
  return {
    id: sid,
    report_id: sid,
    is_report: true,
    lat: STATION.lat + dLat,
    lng: STATION.lng,
    observed_at: at,
    counts: { 'bike-a': 10 },
    blocked_share: 0.5,
    kind: 'shared_bike',
    community_id: 'jiulongnan',
    address: '外企大厦门前',
    ...rest,
  }
}

describe('hotspot formation', () => {
  it('forms a hotspot from sightings that recur on different days, not from a one-off', () => {
    const one = recomputeSites([sighting({ at: '2026-11-02T00:30:00Z' })], id)
    expect([...one.sites.values()].map((s) => s.formed)).toEqual([false])
    // A burst of three on one Beijing day is still a one-off.
    const burst = recomputeSites(
      ['2026-11-02T00:10:00Z', '2026-11-02T00:20:00Z', '2026-11-02T09:00:00Z'].map((at) => sighting({ at })),
      id,
    )
    expect(burst.sites.size).toBe(1)
    expect([...burst.sites.values()][0]!.formed).toBe(false)
    const recurring = recomputeSites(
      ['2026-11-02T00:10:00Z', '2026-11-03T00:20:00Z', '2026-11-05T10:00:00Z'].map((at, i) => sighting({ at, dLat: i * 0.0001 })),
      id,
    )
    const site = [...recurring.sites.values()][0]!
    expect(recurring.sites.size).toBe(1)
    expect(site).toMatchObject({ formed: true, report_count: 3, sighting_count: 3, recent: [] })
  })

  it('needs the recurrences inside the 28-day window', () => {
    expect(formsHotspot(['2026-09-01T00:00:00Z', '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'])).toBe(false)
    expect(formsHotspot(['2026-09-01T00:00:00Z', '2026-10-01T00:00:00Z', '2026-10-20T00:00:00Z', '2026-10-21T00:00:00Z'])).toBe(true)
  })

  it('keeps places farther apart than 60 m as separate sites', () => {
    const r = recomputeSites([sighting({ at: '2026-11-02T00:00:00Z' }), sighting({ at: '2026-11-02T00:05:00Z', dLat: 0.001 })], id)
    expect(r.sites.size).toBe(2)
  })

  it('counts an observation on its report’s site without moving it', () => {
    const rep = sighting({ at: '2026-11-02T00:00:00Z' })
    const obs: Sighting = { ...sighting({ at: '2026-11-03T00:00:00Z', dLat: 0.0004 }), report_id: rep.id, is_report: false }
    const r = recomputeSites([rep, obs], id)
    const site = [...r.sites.values()][0]!
    expect(r.sites.size).toBe(1)
    expect(site.sighting_count).toBe(2)
    expect(site.report_count).toBe(1)
    expect(site.lat).toBeCloseTo(STATION.lat, 8)
  })

  it('merges neighbours when a report pulls their centres within 60 m', () => {
    // A at 0 m, B at 83 m: separate. A report at 39 m joins A (nearest), its centre moves to 19 m
    // (64 m from B); a second one there moves it to 26 m — now 57 m from B: they merge, A survives.
    const sites = new Map<string, Site>()
    const a = addSighting(sites, sighting({ at: '2026-11-02T00:00:00Z' }), undefined, id)
    const b = addSighting(sites, sighting({ at: '2026-11-02T00:00:00Z', dLat: 0.00075 }), undefined, id)
    addSighting(sites, sighting({ at: '2026-11-03T00:00:00Z', dLat: 0.00035 }), undefined, id)
    expect(sites.size).toBe(2)
    const last = addSighting(sites, sighting({ at: '2026-11-04T00:00:00Z', dLat: 0.00035 }), undefined, id)
    expect(sites.size).toBe(1)
    expect(last.absorbed).toEqual([b.site.id])
    expect(last.site.id).toBe(a.site.id)
    expect(last.site).toMatchObject({ report_count: 4, sighting_count: 4, formed: true })
  })

  it('decays the score by half every 14 days and weighs severity', () => {
    const r = recomputeSites([sighting({ at: '2026-11-01T00:00:00Z', counts: {}, blocked_share: null })], id)
    const site = [...r.sites.values()][0]!
    expect(scoreAt(site.score_log, new Date('2026-11-01T00:00:00Z'))).toBeCloseTo(1, 6)
    expect(scoreAt(site.score_log, new Date('2026-11-15T00:00:00Z'))).toBeCloseTo(0.5, 6)
    expect(scoreAt(site.score_log, new Date('2026-11-29T00:00:00Z'))).toBeCloseTo(0.25, 6)
    expect(sightingWeight({ counts: { a: 60, b: 20 }, blocked_share: 1 })).toBe(6)
    expect(scoreAt(-Infinity, new Date())).toBe(0)
  })

  it('profiles hours in Asia/Shanghai', () => {
    // 2026-11-30 is a Monday; 00:30 UTC is 08:30 in Beijing.
    expect(hourSlot('2026-11-30T00:30:00Z')).toBe(8)
    // Sunday 23:30 UTC is Monday 07:30 in Beijing.
    expect(hourSlot('2026-11-29T23:30:00Z')).toBe(7)
    const r = recomputeSites([sighting({ at: '2026-11-30T00:30:00Z', counts: { 'bike-a': 3, 'bike-b': 2 } })], id)
    const site = [...r.sites.values()][0]!
    expect(site.hours[8]).toBe(1)
    expect(site.operators['2026-W49']).toEqual({ 'bike-a': 3, 'bike-b': 2 })
    expect(site.weeks).toEqual({ '2026-W49': 1 })
  })
})
