import { beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from './database.ts'
import { deleteDraft, dropPhoto, loadDraft, loadSightings, photoBlob, putDraft, savePhoto, saveSighting, type LocalReport } from './sightings.ts'
import { syncStateOf } from './outbox.ts'
import { newDraft } from '../patrol/draft.ts'
import type { ReportInput } from '#domain/patrol/report.ts'

const input: ReportInput = {
  position: { lat: 39.892109, lng: 116.471685, accuracy_m: 8, source: 'gps' },
  community_id: 'jiulongnan',
  address: '外企大厦门前',
  kind: 'shared_bike',
  counts: { 'bike-a': 12 },
  blocked_share: 2 / 3,
  clear_width_m: null,
  photos: ['a'.repeat(64)],
  note: '',
  observed_at: '2026-12-02T01:00:00.000Z',
}
const local = (id: string): LocalReport => ({ ...input, id, status: 'open', version: 0, reporter_id: 'u1', reporter_name: '王巡查', received_at: null })

beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()))
})

describe('patrol repository', () => {
  it('writes the report, its outbox mutation (with the photo to upload) and clears the draft together', async () => {
    const draft = newDraft('u1', 'jiulongnan')
    await putDraft(draft)
    await saveSighting({ entity: 'report', local: local(draft.id), data: input }, 'u1')
    expect(await db.patrol_reports.get(draft.id)).toMatchObject({ address: '外企大厦门前' })
    const rows = await db.outbox.toArray()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ entity: 'report', entity_id: draft.id, op: 'put', base_version: null, media: ['a'.repeat(64)], state: 'pending' })
    expect(await loadDraft('u1')).toBeUndefined()
  })

  it('uploads only photos of saved records: draft photos wait aside, removed ones are deleted', async () => {
    const kept = 'a'.repeat(64)
    const removed = 'b'.repeat(64)
    const discarded = 'c'.repeat(64)
    await savePhoto(kept, new Blob(['kept'], { type: 'image/jpeg' }))
    await savePhoto(removed, new Blob(['removed'], { type: 'image/jpeg' }))
    expect(await db.media.count()).toBe(0)
    expect(await photoBlob(kept)).toBeDefined()
    await dropPhoto(removed)
    expect(await photoBlob(removed)).toBeUndefined()
    await saveSighting({ entity: 'report', local: local('r1'), data: input }, null)
    expect((await db.media.toArray()).map((m) => [m.hash, m.uploaded])).toEqual([[kept, 0]])
    expect(await photoBlob(kept)).toBeDefined()
    // A discarded draft takes its photos with it.
    await savePhoto(discarded, new Blob(['x']))
    await putDraft({ ...newDraft('u1', 'jiulongnan'), photos: [discarded] })
    await deleteDraft('u1')
    expect(await photoBlob(discarded)).toBeUndefined()
    expect(await db.media.get(discarded)).toBeUndefined()
  })

  it('saves from its draft in one round trip: no look-up of outbox rows or synced copies, photos released', async () => {
    const photo = 'a'.repeat(64)
    const draft = { ...newDraft('u1', 'jiulongnan'), photos: [photo] }
    await putDraft(draft)
    await savePhoto(photo, new Blob(['kept'], { type: 'image/jpeg' }))
    const lookups = [vi.spyOn(db.records, 'get'), vi.spyOn(db.outbox, 'where')]
    try {
      await saveSighting({ entity: 'report', local: local(draft.id), data: input }, 'u1')
      for (const spy of lookups) expect(spy).not.toHaveBeenCalled()
    } finally {
      for (const spy of lookups) spy.mockRestore()
    }
    expect(await db.outbox.toArray()).toMatchObject([{ entity_id: draft.id, base_version: null, media: [photo], state: 'pending' }])
    expect((await db.media.toArray()).map((m) => m.hash)).toEqual([photo])
    expect(await db.kv.count()).toBe(0)
    expect(await loadDraft('u1')).toBeUndefined()
  })

  it('falls back to the look-ups when the draft holds another id: a pending put of the same record is merged', async () => {
    await saveSighting({ entity: 'report', local: local('r1'), data: input }, null)
    await putDraft(newDraft('u1', 'jiulongnan'))
    await saveSighting({ entity: 'report', local: { ...local('r1'), note: 'again' }, data: { ...input, note: 'again' } }, 'u1')
    const rows = await db.outbox.toArray()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ entity_id: 'r1', base_version: null, data: { note: 'again' } })
    expect(await db.patrol_reports.get('r1')).toMatchObject({ note: 'again' })
    expect(await loadDraft('u1')).toBeUndefined()
  })

  it('keeps the draft and writes nothing when the save fails inside the transaction', async () => {
    const draft = newDraft('u1', 'jiulongnan')
    await putDraft(draft)
    const broken = { ...local(draft.id), nope: () => 1 } as unknown as LocalReport // functions cannot be cloned into IndexedDB
    await expect(saveSighting({ entity: 'report', local: broken, data: input }, 'u1')).rejects.toThrow()
    expect(await db.outbox.count()).toBe(0)
    expect(await db.patrol_reports.count()).toBe(0)
    expect(await loadDraft('u1')).toMatchObject({ id: draft.id })
  })

  it('shows pending while unsent, rejected with the reason, and the server copy once synced', async () => {
    await saveSighting({ entity: 'report', local: local('r1'), data: input }, null)
    let all = await loadSightings()
    expect(all.map((r) => [r.id, r.sync.state])).toEqual([['r1', 'pending']])
    const row = (await db.outbox.toArray())[0]!
    await db.outbox.update(row.id, {
      state: 'rejected',
      reason: '数据未通过校验',
      errors: [{ path: 'community_id', message: '这个社区不在您的巡查范围内', code: 'custom' }],
    })
    all = await loadSightings()
    expect(all[0]!.sync).toMatchObject({ state: 'rejected', reason: '数据未通过校验' })
    // The engine applies it: the outbox row goes, the server copy arrives.
    await db.outbox.delete(row.id)
    await db.records.put({
      entity: 'report',
      entity_id: 'r1',
      version: 1,
      record: { ...local('r1'), version: 1, received_at: '2026-12-02T01:01:00Z' },
      synced_at: '2026-12-02T01:01:00Z',
    })
    all = await loadSightings()
    expect(all).toHaveLength(1)
    expect(all[0]).toMatchObject({ id: 'r1', version: 1, received_at: '2026-12-02T01:01:00Z', local: true, sync: { state: 'synced' } })
  })

  it('includes pulled reports of colleagues and my sightings on them', async () => {
    await db.records.put({ entity: 'report', entity_id: 'r9', version: 3, record: { ...local('r9'), reporter_id: 'u2' }, synced_at: 'x' })
    const { community_id: _c, address: _a, kind: _k, ...sighting } = input
    await saveSighting(
      {
        entity: 'observation',
        local: {
          ...sighting,
          report_id: 'r9',
          id: 'o1',
          community_id: 'jiulongnan',
          version: 0,
          reporter_id: 'u1',
          reporter_name: '王巡查',
          received_at: null,
        },
        data: { ...sighting, report_id: 'r9' },
      },
      null,
    )
    const all = await loadSightings()
    expect(all.map((s) => [s.entity, s.id, s.report_id, s.version, s.local, s.sync.state])).toEqual([
      ['report', 'r9', 'r9', 3, false, 'synced'],
      ['observation', 'o1', 'r9', 0, true, 'pending'],
    ])
    // A repeat sighting shows its report's kind and address: one shape for both.
    expect(all[1]).toMatchObject({ kind: 'shared_bike', address: '外企大厦门前', community_id: 'jiulongnan' })
  })

  it('shows the office review of a pulled report, on the report and on my sightings of it', async () => {
    const record = { ...local('r7'), received_at: '2026-12-02T01:01:00.000Z', workflow_status: 'in_progress', review_note: '已联系运营方清运' }
    await db.records.put({ entity: 'report', entity_id: 'r7', version: 4, record, synced_at: 'x' })
    await db.records.put({ entity: 'report', entity_id: 'r8', version: 1, record: { ...local('r8'), received_at: 'x' }, synced_at: 'x' })
    const { community_id: _c, address: _a, kind: _k, ...sighting } = input
    const obs = { ...sighting, report_id: 'r7', id: 'o7', community_id: 'jiulongnan', version: 1, reporter_id: 'u1', reporter_name: '王巡查', received_at: 'x' }
    await db.records.put({ entity: 'observation', entity_id: 'o7', version: 1, record: obs, synced_at: 'x' })
    const byId = new Map((await loadSightings()).map((s) => [s.id, s]))
    expect(byId.get('r7')).toMatchObject({ workflow_status: 'in_progress', review_note: '已联系运营方清运' })
    expect(byId.get('o7')).toMatchObject({ workflow_status: 'in_progress', review_note: '已联系运营方清运' })
    expect(byId.get('r8')).toMatchObject({ workflow_status: 'open', review_note: '' })
  })

  it('ranks the worst outbox state first', () => {
    expect(syncStateOf([])).toEqual({ state: 'synced' })
    expect(syncStateOf([{ state: 'pending' }, { state: 'conflict', reason: 'x' }, { state: 'syncing' }])).toEqual({ state: 'conflict', reason: 'x' })
  })
})
