import { describe, expect, it } from 'vitest'
import { draftData, isBlank, newDraft } from './draft.ts'
import { checkDraft } from './draft-check.ts'

const scope = { role: 'inspector', community_ids: ['jiulongnan', 'jiulongshan'] }
const pos = { lat: 39.892109, lng: 116.471685, accuracy_m: 9, source: 'gps' as const }

describe('capture draft', () => {
  it('flags a missing position and kind at their fields before saving', () => {
    const d = newDraft('u1', 'jiulongnan', new Date('2026-12-02T01:00:00Z'))
    const r = checkDraft(d, scope, 'zh-CN')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.position).toBe('还没有位置，请等待定位或在地图上放置标记')
    expect(r.errors.kind).toBe('请选择占道类型')
  })

  it('flags bad counts, share and a community the inspector does not patrol', () => {
    const d = { ...newDraft('u1', 'guangquan'), position: pos, kind: 'shared_bike' as const, counts: { 'bike-a': 501 }, blocked_share: 1.4 }
    const r = checkDraft(d, scope, 'en')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toMatchObject({
      'counts.bike-a': 'Count must be a whole number from 0 to 500',
      blocked_share: 'Blocked share must be between 0 and 1 (all of it)',
    })
    const r2 = checkDraft({ ...d, counts: {}, blocked_share: 0.5 }, scope, 'en')
    expect(r2.ok ? {} : r2.errors).toEqual({ community_id: 'This community is not one you patrol' })
  })

  it('turns a good draft into a report, dropping zero counts, or into a sighting', () => {
    const d = {
      ...newDraft('u1', 'jiulongnan'),
      position: pos,
      kind: 'delivery_ebike' as const,
      counts: { 'delivery-jia': 7, 'bike-a': 0 },
      blocked_share: 2 / 3,
    }
    const r = checkDraft(d, scope, 'zh-CN')
    expect(r).toMatchObject({ ok: true, entity: 'report', data: { counts: { 'delivery-jia': 7 }, community_id: 'jiulongnan' } })
    const s = checkDraft({ ...d, report_id: '0192f5a4-8c1e-7000-8000-000000000001' }, scope, 'zh-CN')
    expect(s).toMatchObject({ ok: true, entity: 'observation' })
    expect(draftData({ ...d, report_id: 'x' })).not.toHaveProperty('kind')
  })

  it('a fresh form with only its GPS fix is blank; anything chosen or typed, or a sighting, is not', () => {
    const d = { ...newDraft('u1', 'jiulongnan'), position: pos }
    expect(isBlank(d)).toBe(true)
    expect(isBlank({ ...d, counts: { 'bike-a': 0 } })).toBe(true)
    expect(isBlank({ ...d, kind: 'car' as const })).toBe(false)
    expect(isBlank({ ...d, counts: { 'bike-a': 2 } })).toBe(false)
    expect(isBlank({ ...d, note: '路口' })).toBe(false)
    expect(isBlank({ ...d, report_id: '0192f5a4-8c1e-7000-8000-000000000001' })).toBe(false)
    expect(isBlank({ ...d, position: { ...pos, source: 'map' as const } })).toBe(false)
  })
})
