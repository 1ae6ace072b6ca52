import { beforeEach, describe, expect, it } from 'vitest'
import { db } from './database.ts'
import { cacheDay, cachedDay, checkoffsOf, dropSettled, pickupOutbox, saveCheckoff, PICKUP_ENTITY } from './meals-pickups.ts'
import { queueSale, queuedSales, SALE_ENTITY } from './meals-sales.ts'

const SUB = '019a0000-0000-7000-8000-000000000001'
const ID = '019a0000-0000-7000-8000-0000000000aa'

beforeEach(async () => {
  await db.meals_checkoffs.clear()
  await db.meals_pickup_days.clear()
  await db.outbox.clear()
})

describe('meals on the device', () => {
  it('stores a check-off and its outbox mutation together, and merges an unsent re-tick', async () => {
    await saveCheckoff({ id: ID, date: '2026-12-07', subscriber_id: SUB, picked: true, client_time: '2026-12-07T03:10:00.000Z' })
    expect(await checkoffsOf('2026-12-07')).toHaveLength(1)
    const rows = await pickupOutbox()
    expect(rows).toEqual([
      expect.objectContaining({
        entity: PICKUP_ENTITY,
        entity_id: ID,
        op: 'put',
        state: 'pending',
        data: { date: '2026-12-07', subscriber_id: SUB, picked: true, client_time: '2026-12-07T03:10:00.000Z' },
      }),
    ])
    await saveCheckoff({ id: ID, date: '2026-12-07', subscriber_id: SUB, picked: false, client_time: '2026-12-07T03:11:00.000Z' })
    const merged = await pickupOutbox()
    expect(merged).toHaveLength(1)
    expect(merged[0]!.data.picked).toBe(false)
  })

  it('keeps a tick while it waits and forgets it once the server holds it', async () => {
    await saveCheckoff({ id: ID, date: '2026-12-07', subscriber_id: SUB, picked: true, client_time: '2026-12-07T03:10:00.000Z' })
    await dropSettled('2026-12-07')
    expect(await checkoffsOf('2026-12-07')).toHaveLength(1)
    await db.outbox.clear() // the engine deletes an applied row
    await dropSettled('2026-12-07')
    expect(await checkoffsOf('2026-12-07')).toHaveLength(0)
  })

  it('caches a day list for offline use and queues an offline sale as a create', async () => {
    await cacheDay({ date: '2026-12-07', closed: false, rows: [], picked: 0, no_shows: 0, pending: 0 })
    expect((await cachedDay('2026-12-07'))?.list.date).toBe('2026-12-07')
    await queueSale(ID, { subscriber_id: SUB, week: '2026-W50', lines: [{ date: '2026-12-08', sets: 1 }] })
    const queued = await queuedSales()
    expect(queued).toEqual([expect.objectContaining({ entity: SALE_ENTITY, id: ID, sync: { state: 'pending' } })])
    expect(queued[0]!.edits).toEqual([expect.objectContaining({ entity_id: ID, base_version: null, state: 'pending' })])
  })
})
