// Persisting 1 000 outbox rows on the device through the app's real write path: client/db/reports.ts
// saveReport → writeWithOutbox (report + outbox row in one strict-durability Dexie transaction per save),
// beside the same 1 000 rows written in one bulk transaction.
import type { ReportInput } from '#domain/patrol/report.ts'

interface Repo {
  saveReport(report: Record<string, unknown>, data: ReportInput, draftKey: string | null): Promise<void>
}
type Table = { put(row: unknown): Promise<unknown>; clear(): Promise<void> }
interface LastmileDBLike {
  _options: { chromeTransactionDurability?: string }
  patrol_reports: Table
  patrol_observations: Table
  patrol_drafts: Table
}
interface OutboxModule {
  writeWithOutbox(tables: unknown[], fn: (enqueue: (m: Record<string, unknown>) => Promise<unknown>) => Promise<void>, database: unknown): Promise<void>
}
interface DatabaseModule {
  LastmileDB: new (name: string) => LastmileDBLike
  db: {
    outbox: { count(): Promise<number>; bulkAdd(rows: unknown[]): Promise<unknown>; clear(): Promise<void> }
    patrol_reports: { bulkPut(rows: unknown[]): Promise<unknown>; clear(): Promise<void> }
    transaction(mode: 'rw', tables: unknown[], fn: () => Promise<void>): Promise<void>
  }
}

const repos = import.meta.glob<Repo>('../../client/db/reports.ts')
const databases = import.meta.glob<DatabaseModule>('../../client/db/database.ts')
const outboxes = import.meta.glob<OutboxModule>('../../client/db/outbox.ts')

function uuid(i: number): string {
  const hex = (Date.now().toString(16).padStart(12, '0') + i.toString(16).padStart(20, '0')).slice(0, 32)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

function reportData(i: number): ReportInput {
  return {
    position: { lat: 39.8902 + (i % 50) * 0.0001, lng: 116.4722 + (i % 40) * 0.0001, accuracy_m: 6, source: 'gps' },
    community_id: 'jiulongnan',
    address: `九龙南社区 基准测试 ${i}`,
    kind: 'shared_bike',
    counts: { 'bike-a': 1 + (i % 9), 'bike-b': i % 4 },
    blocked_share: 0.5,
    clear_width_m: 1.2,
    photos: [],
    note: '',
    observed_at: new Date().toISOString(),
  } as ReportInput
}

const localOf = (id: string, data: ReportInput) => ({ ...data, id, status: 'open', version: 0, reporter_id: 'bench', reporter_name: '基准', received_at: null })

export interface OutboxResult {
  /** 1 000 saves, one transaction each, as 1 000 taps on Save. */
  perSaveMs: number
  /** The same rows in one transaction. */
  bulkMs: number
  /** Diagnostic: the same saves (writeWithOutbox, same schema) with relaxed durability: no flush per commit. */
  relaxedMs: number | null
  /** Diagnostic: strict, but the mutation says it creates the record (base_version: null): no outbox look-ups. */
  newRecordMs: number | null
  rows: number
}

export async function outboxBench(n: number): Promise<OutboxResult> {
  const loadRepo = Object.values(repos)[0]
  const loadDb = Object.values(databases)[0]
  if (!loadRepo || !loadDb) throw new Error('client/db/reports.ts or client/db/database.ts is not in the tree')
  const { saveReport } = await loadRepo()
  const { db } = await loadDb()
  await saveReport(localOf(uuid(999_999), reportData(0)), reportData(0), null) // opens the database
  await db.transaction('rw', [db.outbox, db.patrol_reports], async () => {
    await db.outbox.clear()
    await db.patrol_reports.clear()
  })
  const t0 = performance.now()
  for (let i = 0; i < n; i++) {
    const id = uuid(i)
    const data = reportData(i)
    await saveReport(localOf(id, data), data, null)
  }
  const perSaveMs = performance.now() - t0
  const rows = await db.outbox.count()
  const bulk = Array.from({ length: n }, (_, i) => ({ id: uuid(n + i), data: reportData(i) }))
  const t1 = performance.now()
  await db.transaction('rw', [db.outbox, db.patrol_reports], async () => {
    await db.patrol_reports.bulkPut(bulk.map((b) => localOf(b.id, b.data)))
    await db.outbox.bulkAdd(
      bulk.map((b, i) => {
        const at = new Date().toISOString()
        return {
          id: uuid(3 * n + i),
          entity: 'report',
          entity_id: b.id,
          op: 'put',
          base_version: null,
          data: b.data,
          media: [],
          state: 'pending',
          attempts: 0,
          user_id: null,
          created_at: at,
          client_time: at,
        }
      }),
    )
  })
  const bulkMs = performance.now() - t1
  const { LastmileDB } = await loadDb()
  const relaxedMs = await variantSaves(n, LastmileDB, 'lastmile-bench-relaxed', { relaxed: true, newRecord: false })
  const newRecordMs = await variantSaves(n, LastmileDB, 'lastmile-bench-new-record', { relaxed: false, newRecord: true })
  return { perSaveMs, bulkMs, rows, relaxedMs, newRecordMs }
}

/** saveReport's body on a second database of the same class, with one thing changed at a time. */
async function variantSaves(
  n: number,
  LastmileDB: DatabaseModule['LastmileDB'],
  name: string,
  opts: { relaxed: boolean; newRecord: boolean },
): Promise<number | null> {
  const loadOutbox = Object.values(outboxes)[0]
  if (!loadOutbox) return null
  const { writeWithOutbox } = await loadOutbox()
  const other = new LastmileDB(name)
  if (opts.relaxed) other._options.chromeTransactionDurability = 'relaxed'
  const tables = [other.patrol_reports, other.patrol_observations, other.patrol_drafts]
  await other.patrol_drafts.clear()
  const t0 = performance.now()
  for (let i = 0; i < n; i++) {
    const id = uuid(5 * n + i)
    const data = reportData(i)
    await writeWithOutbox(
      tables,
      async (enqueue) => {
        await other.patrol_reports.put(localOf(id, data))
        // base_version: null says "a new record": the outbox then skips its merge and base-version look-ups.
        await enqueue({ entity: 'report', entity_id: id, op: 'put', data: { ...data }, media: data.photos, ...(opts.newRecord ? { base_version: null } : {}) })
      },
      other,
    )
  }
  return performance.now() - t0
}
