// The operator's clearing on the phone: the photo waits under kv, the save moves it to the uploader's
// media table and queues the mutation in one transaction; the queue shows it pending until the server
// takes it.
import { describe, expect, it } from 'vitest'
import { LastmileDB } from './database.ts'
import { setOutboxUser } from './outbox.ts'
import { cachedTasks, cacheTasks, clearingPhoto, keepPhoto, queueClearing, queuedClearings } from './operator-tasks.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { OperatorTask } from '#domain/patrol/operator-tasks.ts'

let n = 0
const fresh = () => new LastmileDB(`operator-${n++}`)
setOutboxUser('op1')
const HASH = 'c'.repeat(64)

describe('operator clearings on the device', () => {
  it('a saved clearing queues its mutation and hands its photo to the uploader', async () => {
    const db = fresh()
    await keepPhoto(HASH, new Blob(['jpeg']), db)
    expect(await db.media.count()).toBe(0)
    const id = uuidv7()
    const task = uuidv7()
    await queueClearing(id, { task_id: task, cleared_at: '2026-12-07T04:00:00.000Z', photos: [HASH], note: '' }, db)
    const [row] = await db.outbox.toArray()
    expect(row).toMatchObject({ entity: 'operator_clearing', entity_id: id, op: 'put', media: [HASH], data: { task_id: task, photos: [HASH] } })
    expect(await db.media.get(HASH)).toMatchObject({ hash: HASH, uploaded: 0 })
    expect(await db.kv.get(`operator.photo.${HASH}`)).toBeUndefined()
    expect(await clearingPhoto(HASH, db)).toBeInstanceOf(Blob)
    const [queued] = await queuedClearings(db)
    expect(queued).toMatchObject({ id, sync: { state: 'pending' }, record: { task_id: task } })
  })

  it('keeps the last task list for offline use', async () => {
    const db = fresh()
    expect(await cachedTasks(db)).toBeUndefined()
    await cacheTasks([{ id: 'x' } as OperatorTask], db)
    expect(await cachedTasks(db)).toEqual([{ id: 'x' }])
  })
})
