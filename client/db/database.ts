// The device's database: one versioned Dexie class. Each module adds its tables in a new version
// block (1 core, 2 sync/outbox, 3 meals, 4 counter, 5 patrol); never edit an old block.
import Dexie, { type Table } from 'dexie'
import type {
  CaptureDraft,
  ConfigRow,
  IdentityRow,
  KvRow,
  LocalAgreement,
  LocalCheck,
  LocalObservation,
  LocalReport,
  MealsCheckoffRow,
  MealsPickupDayRow,
  MediaRow,
  MetaRow,
  OfflineAreaRow,
  OutboxRow,
  ReferenceLayerRow,
  ResidentQueueRow,
  SyncedRecordRow,
} from './rows.ts'

export type { ConfigRow, IdentityRow, KvRow }

export class LastmileDB extends Dexie {
  identity!: Table<IdentityRow, string>
  kv!: Table<KvRow, string>
  config!: Table<ConfigRow, string>
  outbox!: Table<OutboxRow, string>
  media!: Table<MediaRow, string>
  meta!: Table<MetaRow, string>
  records!: Table<SyncedRecordRow, [string, string]>
  patrol_reports!: Table<LocalReport, string>
  patrol_observations!: Table<LocalObservation, string>
  patrol_drafts!: Table<CaptureDraft, string>
  meals_checkoffs!: Table<MealsCheckoffRow, [string, string]>
  meals_pickup_days!: Table<MealsPickupDayRow, string>
  agreements_local!: Table<LocalAgreement, string>
  compliance_local!: Table<LocalCheck, string>
  offline_areas!: Table<OfflineAreaRow, string>
  reference_layers!: Table<ReferenceLayerRow, string>
  resident_reports!: Table<ResidentQueueRow, string>

  constructor(name = 'lastmile') {
    // Strict durability: a confirmed save is on disk, not in an OS buffer.
    super(name, { chromeTransactionDurability: 'strict' })
    this.version(1).stores({
      identity: 'key',
      kv: 'key',
      config: 'key',
    })
    // 2: sync engine — outbox rows, photos waiting for upload, sync cursor, synced server copies.
    this.version(2).stores({
      outbox: 'id, state, created_at, [entity+entity_id]',
      media: 'hash, uploaded',
      meta: 'key',
      records: '[entity+entity_id], entity',
    })
    // 3: meals — pickup check-offs waiting for the server, and each day's pickup list for offline use.
    this.version(3).stores({
      meals_checkoffs: '[date+subscriber_id], date, state',
      meals_pickup_days: 'date',
    })
    // 5: patrol — this device's reports and sightings, and the autosaved capture draft.
    this.version(5).stores({
      patrol_reports: 'id, community_id, observed_at',
      patrol_observations: 'id, report_id, observed_at',
      patrol_drafts: 'key',
    })
    // 7: agreements — drafts started on site and compliance checks made on patrol, kept until synced.
    this.version(7).stores({
      agreements_local: 'id, community_id, status',
      compliance_local: 'id, agreement_id',
    })
    // 9: offline map areas — what was saved (box, zooms, tile ranges, bytes); the tiles are in Cache Storage.
    this.version(9).stores({
      offline_areas: 'id, created_at',
    })
    // 10: reference layers (roads, outlines, landmarks) kept so a map is readable offline and without tiles.
    this.version(10).stores({
      reference_layers: 'id',
    })
    this.version(12).stores({
      resident_reports: 'id, state, created_at',
    })
    // 13: a tap on Save writes only index entries some query reads (outbox by state and by record;
    // the device's own reports and sightings are read whole).
    this.version(13).stores({
      outbox: 'id, state, [entity+entity_id]',
      patrol_reports: 'id',
      patrol_observations: 'id',
    })
  }
}

export const db = new LastmileDB()
