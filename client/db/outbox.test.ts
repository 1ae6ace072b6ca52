// The outbox contract repositories rely on: one transaction for the change and its mutation,
// merging only never-sent edits, and base versions predicted from what is still on its way.
import { describe, expect, it } from 'vitest'
import { LastmileDB } from './database.ts'
import { setOutboxUser, writeWithOutbox } from './outbox.ts'
import { uuidv7 } from '#domain/ids.ts'

let n = 0
const fresh = () => new LastmileDB(`outbox-${n++}`)
setOutboxUser('u1')

describe('writeWithOutbox', () => {
  it('writes the local change and its outbox row together, or neither', async () => {
    const db = fresh()
    const id = uuidv7()
    await expect(
      writeWithOutbox(
        [db.kv],
        async (enqueue) => {
          await db.kv.put({ key: id, value: 'local' })
          await enqueue({ entity: 'note', entity_id: id, op: 'put', data: { text: 'a' } })
          throw new Error('crash mid-save')
        },
        db,
      ),
    ).rejects.toThrow('crash mid-save')
    expect(await db.kv.get(id)).toBeUndefined()
    expect(await db.outbox.count()).toBe(0)
    await writeWithOutbox(
      [db.kv],
      async (enqueue) => {
        await db.kv.put({ key: id, value: 'local' })
        await enqueue({ entity: 'note', entity_id: id, op: 'put', data: { text: 'a' } })
      },
      db,
    )
    expect(await db.kv.get(id)).toBeTruthy()
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ entity_id: id, state: 'pending', base_version: null, user_id: 'u1', attempts: 0 })])
  })

  it('merges an edit into a never-sent put, but not into one that was sent', async () => {
    const db = fresh()
    const id = uuidv7()
    const put = (text: string) => writeWithOutbox([], (enqueue) => enqueue({ entity: 'note', entity_id: id, op: 'put', data: { text } }), db)
    const first = await put('a')
    await put('b')
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ id: first.id, data: { text: 'b' }, base_version: null })])
    await db.outbox.update(first.id, { attempts: 1 }) // it went out once; its response may have been lost
    await put('c')
    const rows = await db.outbox.orderBy('id').toArray()
    expect(rows.map((r) => [r.data.text, r.base_version])).toEqual([
      ['b', null],
      ['c', 1],
    ])
  })

  it('bases an edit on the synced version plus the rows still on their way', async () => {
    const db = fresh()
    const id = uuidv7()
    await db.records.put({ entity: 'note', entity_id: id, version: 4, record: {}, synced_at: '' })
    const row = await writeWithOutbox([], (enqueue) => enqueue({ entity: 'note', entity_id: id, op: 'put', data: { text: 'x' } }), db)
    expect(row.base_version).toBe(4)
    await db.outbox.update(row.id, { state: 'conflict' }) // waits for the user: will not apply
    const next = await writeWithOutbox([], (enqueue) => enqueue({ entity: 'note', entity_id: id, op: 'delete', data: {} }), db)
    expect(next.base_version).toBe(4)
  })
})
