// Sign-out clears cached data but never unsent work: outbox rows, their photos, photos still to upload,
// drafts and the local rows the outbox carries stay; synced copies, cached lists and the cursor go.
import { beforeEach, describe, expect, it } from 'vitest'
import { LastmileDB } from './database.ts'
import { clearCachedData } from './clear-cache.ts'
import { setOutboxUser, writeWithOutbox } from './outbox.ts'

let db: LastmileDB
let n = 0
beforeEach(async () => {
  db = new LastmileDB(`clear-cache-${n++}`)
  await db.open()
  setOutboxUser('u1')
})

const blob = () => new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' })

describe('clearCachedData', () => {
  it('keeps unsent work and forgets the server copies', async () => {
    await db.records.bulkPut([
      { entity: 'report', entity_id: 'synced-1', version: 1, record: { note: '张三 13800138000' }, synced_at: '2026-12-02T00:00:00Z' },
      { entity: 'report', entity_id: 'pending-1', version: 1, record: {}, synced_at: '2026-12-02T00:00:00Z' },
    ])
    await writeWithOutbox(
      [db.patrol_reports],
      async (enqueue) => {
        await db.patrol_reports.put({ id: 'pending-1' } as never)
        await enqueue({ entity: 'report', entity_id: 'pending-1', op: 'put', data: { x: 1 }, media: ['h-pending'] })
      },
      db,
    )
    await db.patrol_reports.put({ id: 'synced-1' } as never)
    await db.media.bulkPut([
      { hash: 'h-pending', blob: blob(), uploaded: 1 },
      { hash: 'h-uploaded', blob: blob(), uploaded: 1 },
      { hash: 'h-new', blob: blob(), uploaded: 0 },
    ] as never)
    await db.meals_pickup_days.put({ date: '2026-12-02', list: { residents: ['李奶奶'] }, fetched_at: 'x' } as never)
    await db.kv.bulkPut([
      { key: 'meals.cache:/api/meals/subscribers', value: [{ name: '王大爷' }] },
      { key: 'patrol.photo.abc', value: blob() },
    ])
    await db.meta.bulkPut([
      { key: 'device_id', value: 'dev-1' },
      { key: 'cursor', value: '42' },
      { key: 'cursor_user', value: 'u1' },
    ])
    await db.patrol_drafts.put({ key: 'current', text: 'typed but not saved' } as never)

    const r = await clearCachedData(db)
    expect(r.cleared).toBeGreaterThan(0)
    expect(await db.outbox.count()).toBe(1)
    expect(await db.records.count()).toBe(0)
    expect((await db.patrol_reports.toArray()).map((x) => x.id)).toEqual(['pending-1'])
    expect((await db.media.toArray()).map((m) => m.hash).sort()).toEqual(['h-new', 'h-pending'])
    expect(await db.meals_pickup_days.count()).toBe(0)
    expect((await db.kv.toArray()).map((k) => k.key)).toEqual(['patrol.photo.abc'])
    expect((await db.meta.toArray()).map((k) => k.key)).toEqual(['device_id'])
    expect(await db.patrol_drafts.count()).toBe(1)
  })

  it('keeps offline map areas: public basemap tiles whose records must match the tiles still in Cache Storage', async () => {
    await db.offline_areas.put({ id: 'area-1', name: '我的社区', created_at: '2026-12-06T00:00:00Z' } as never)
    await clearCachedData(db)
    expect(await db.offline_areas.count()).toBe(1)
  })
})
