import Dexie from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import { LastmileDB } from './database.ts'

const NAME = 'lastmile-upgrade-test'

/** The device database as installed apps had it before version 13, with its tables' indexes of then. */
function previousVersion(): Dexie {
  const old = new Dexie(NAME)
  old.version(12).stores({
    identity: 'key',
    kv: 'key',
    config: 'key',
    outbox: 'id, state, created_at, [entity+entity_id]',
    media: 'hash, uploaded',
    meta: 'key',
    records: '[entity+entity_id], entity',
    meals_checkoffs: '[date+subscriber_id], date, state',
    meals_pickup_days: 'date',
    patrol_reports: 'id, community_id, observed_at',
    patrol_observations: 'id, report_id, observed_at',
    patrol_drafts: 'key',
    agreements_local: 'id, community_id, status',
    compliance_local: 'id, agreement_id',
    offline_areas: 'id, created_at',
    reference_layers: 'id',
    resident_reports: 'id, state, created_at',
  })
  return old
}

afterEach(() => Dexie.delete(NAME))

describe('device database upgrade', () => {
  it('keeps the changes waiting to be sent and the reports when an installed app updates', async () => {
    const old = previousVersion()
    const at = '2026-12-07T08:00:00.000Z'
    await old.table('outbox').add({
      id: 'm1',
      entity: 'report',
      entity_id: 'r1',
      op: 'put',
      base_version: null,
      data: {},
      media: [],
      state: 'pending',
      attempts: 0,
      user_id: 'u1',
      created_at: at,
      client_time: at,
    })
    await old.table('patrol_reports').add({ id: 'r1', community_id: 'jiulongnan', observed_at: at })
    old.close()

    const db = new LastmileDB(NAME)
    try {
      expect(await db.outbox.where('state').equals('pending').primaryKeys()).toEqual(['m1'])
      expect(await db.outbox.where('[entity+entity_id]').equals(['report', 'r1']).count()).toBe(1)
      expect(await db.patrol_reports.get('r1')).toMatchObject({ community_id: 'jiulongnan' })
      // A save writes only the index entries some query reads.
      expect(db.outbox.schema.indexes.map((i) => i.name)).toEqual(['state', '[entity+entity_id]'])
      expect(db.patrol_reports.schema.indexes).toEqual([])
      expect(db.patrol_observations.schema.indexes).toEqual([])
    } finally {
      db.close()
    }
  })
})
