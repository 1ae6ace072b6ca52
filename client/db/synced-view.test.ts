import { beforeEach, describe, expect, it } from 'vitest'
import { LastmileDB } from './database.ts'
import { setOutboxUser, writeWithOutbox } from './outbox.ts'
import { pruneSettled, readView, readViews } from './synced-view.ts'
import type { LocalAgreement } from './rows.ts'

const database = new LastmileDB('synced-view-test')
const agreement = (id: string, title: string, version = 0) => ({ id, title, version }) as unknown as LocalAgreement

async function saveLocal(id: string, title: string, version = 0) {
  await writeWithOutbox(
    [database.agreements_local],
    async (enqueue) => {
      await database.agreements_local.put(agreement(id, title, version))
      await enqueue({ entity: 'agreement', entity_id: id, op: 'put', data: { title } })
    },
    database,
  )
}
const synced = (entity: string, id: string, version: number, record: unknown) =>
  database.records.put({ entity, entity_id: id, version, record, synced_at: '2026-12-06T00:00:00Z' })

beforeEach(async () => {
  setOutboxUser('u1')
  await Promise.all(database.tables.map((t) => t.clear()))
})

describe('synced view', () => {
  it("shows the device's copy while its edit is on its way, then the server's, with the sync state", async () => {
    await saveLocal('a1', 'mine')
    await synced('agreement', 'a2', 4, { title: 'theirs' })
    let view = await readView<{ title: string }>({ entity: 'agreement' }, database)
    expect(view.map((v) => [v.id, v.record.title, v.version, v.sync.state, v.local, v.edits.length])).toEqual([
      ['a2', 'theirs', 4, 'synced', false, 0],
      ['a1', 'mine', 0, 'pending', true, 1],
    ])
    // The push is applied: the outbox row goes, the server's copy arrives (newer than the local copy's base).
    await database.outbox.clear()
    await synced('agreement', 'a1', 1, { title: 'mine, as the server keeps it' })
    view = await readView({ entity: 'agreement' }, database)
    expect(view.find((v) => v.id === 'a1')).toMatchObject({
      record: { title: 'mine, as the server keeps it' },
      version: 1,
      sync: { state: 'synced' },
      local: true,
    })
  })

  it('keeps a local copy that the server has nothing newer for, even with no outbox row', async () => {
    await database.agreements_local.put(agreement('a1', 'edited', 2))
    await synced('agreement', 'a1', 2, { title: 'server' })
    expect((await readView<{ title: string }>({ entity: 'agreement' }, database))[0]!.record.title).toBe('edited')
  })

  it('lists records that live only in the outbox by their latest edit, rejected ones with the reason', async () => {
    await writeWithOutbox(
      [],
      (enqueue) => enqueue({ entity: 'meal_sale', entity_id: 's1', op: 'put', base_version: null, data: { week: '2026-W50' } }),
      database,
    )
    const [row] = await database.outbox.toArray()
    await database.outbox.update(row!.id, { state: 'rejected', reason: 'window closed' })
    const { sales } = await readViews({ sales: { entity: 'meal_sale', local: null, synced: false } }, database)
    expect(sales).toEqual([
      expect.objectContaining({ id: 's1', record: { week: '2026-W50' }, sync: { state: 'rejected', reason: 'window closed' }, local: true }),
    ])
  })

  it('prunes a local copy once its change is acknowledged and the synced copy arrived, and only then', async () => {
    await saveLocal('a1', 'waiting')
    await saveLocal('a2', 'acknowledged')
    await saveLocal('a3', 'acknowledged, copy not here yet')
    await database.agreements_local.put(agreement('a4', 'based on v2, no newer copy', 2))
    await synced('agreement', 'a4', 2, { title: 'v2' })
    // The engine applied a2 and a3: their outbox rows are gone; only a2's server copy has landed.
    const rows = await database.outbox.toArray()
    await database.outbox.bulkDelete(rows.filter((r) => r.entity_id !== 'a1').map((r) => r.id))
    await synced('agreement', 'a2', 1, { title: 'acknowledged' })
    await synced('agreement', 'a1', 1, { title: 'an older server copy' })

    expect(await pruneSettled(database)).toBe(1)
    expect((await database.agreements_local.toCollection().primaryKeys()).sort()).toEqual(['a1', 'a3', 'a4'])
    // The view still shows a2, now from the server's copy.
    const a2 = (await readView<{ title: string }>({ entity: 'agreement' }, database)).find((v) => v.id === 'a2')
    expect(a2).toMatchObject({ record: { title: 'acknowledged' }, local: false, sync: { state: 'synced' } })
    expect(await pruneSettled(database)).toBe(0)
  })
})
