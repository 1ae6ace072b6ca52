import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LastmileDB } from '../db/database.ts'
import { applySyncedCopy } from './apply-synced-copy.ts'

let db: LastmileDB
const now = () => new Date('2026-12-02T02:00:00Z')
beforeEach(async () => {
  db = new LastmileDB(`apply-copy-${Math.random()}`)
  await db.open()
})
afterEach(async () => {
  db.close()
  await db.delete()
})

const apply = (version: number, record: unknown) =>
  db.transaction('rw', db.records, db.meta, () => applySyncedCopy(db, { entity: 'note', entity_id: 'n1', version, record }, now))

describe('applying server copies on the device', () => {
  it('keeps the newest version and ignores older ones', async () => {
    expect(await apply(2, { text: 'b' })).toBe(true)
    expect(await apply(1, { text: 'a' })).toBe(false)
    expect((await db.records.get(['note', 'n1']))?.record).toEqual({ text: 'b' })
  })

  it('does not resurrect a deleted record from a late acknowledgement (found by the long chaos run)', async () => {
    // The device pulled the create (v1) and another device's delete (v2) ...
    await apply(1, { text: 'a' })
    await apply(2, null)
    expect(await db.records.get(['note', 'n1'])).toBeUndefined()
    // ... then the answer to its own replayed create arrives: applied, v1.
    expect(await apply(1, { text: 'a' })).toBe(false)
    expect(await db.records.get(['note', 'n1'])).toBeUndefined()
  })

  it('remembers a deletion it never saw the record for', async () => {
    await apply(3, null)
    expect(await apply(2, { text: 'old' })).toBe(false)
    expect(await db.records.count()).toBe(0)
  })
})
