// One view of a record on the device: the server's synced copy, this device's own copy and the outbox
// rows still on their way, merged the same way for every module, and the local copies pruned once settled.
import Dexie, { type Table } from 'dexie'
import { db as defaultDb, type LastmileDB } from './database.ts'
import { syncStateOf, type ItemSync } from './outbox.ts'
import type { OutboxRow, SyncedRecordRow } from './rows.ts'

/** One record as a page shows it. */
export interface Synced<T> {
  entity: string
  id: string
  /** The device's copy while its edits are on their way or the server has nothing newer; else the server's. */
  record: T
  version: number
  /** The worst state of its outbox rows: `synced` when none is left. */
  sync: ItemSync
  /** Written on this device and not yet settled: a local copy or outbox rows exist. */
  local: boolean
  /** Its outbox rows still on the device, oldest first. */
  edits: readonly OutboxRow[]
}

/** The entities whose repositories keep a device copy beside the outbox row, and its table (keyed by id). */
export const LOCAL_COPIES = {
  report: 'patrol_reports',
  observation: 'patrol_observations',
  agreement: 'agreements_local',
  compliance_check: 'compliance_local',
} as const satisfies Record<string, keyof LastmileDB>

type LocalTableName = (typeof LOCAL_COPIES)[keyof typeof LOCAL_COPIES] | 'meals_checkoffs'
type LocalRow = { id: string; version?: number }

export interface ViewSource {
  entity: string
  /** The table of device copies; by default the entity's entry in LOCAL_COPIES. */
  local?: LocalTableName | null
  /** Read the server's copies too (default true); off where the server's list comes over REST. */
  synced?: boolean
  /** Keeps only some device copies (one day's pickups). */
  where?: (row: any) => boolean
}

const localTableOf = (database: LastmileDB, s: ViewSource): Table<LocalRow, unknown> | undefined => {
  const name = s.local === undefined ? LOCAL_COPIES[s.entity as keyof typeof LOCAL_COPIES] : s.local
  return name ? (database[name] as unknown as Table<LocalRow, unknown>) : undefined
}

const outboxOf = (database: LastmileDB, entity: string) =>
  database.outbox.where('[entity+entity_id]').between([entity, Dexie.minKey], [entity, Dexie.maxKey], true, true).toArray()

function merge<T>(entity: string, local: LocalRow[], synced: SyncedRecordRow[], outbox: OutboxRow[]): Synced<T>[] {
  const editsOf = new Map<string, OutboxRow[]>()
  for (const r of [...outbox].sort((a, b) => a.id.localeCompare(b.id))) editsOf.set(r.entity_id, [...(editsOf.get(r.entity_id) ?? []), r])
  const item = (id: string, record: unknown, version: number, isLocal: boolean): Synced<T> => {
    const edits = editsOf.get(id) ?? []
    return { entity, id, record: record as T, version, sync: syncStateOf(edits), local: isLocal || edits.length > 0, edits }
  }
  const out = new Map<string, Synced<T>>()
  const server = new Map(synced.map((s) => [s.entity_id, s]))
  for (const s of synced) out.set(s.entity_id, item(s.entity_id, s.record, s.version, false))
  for (const l of local) {
    const s = server.get(l.id)
    const version = l.version ?? 0
    // The device's copy wins while it has something unsent or unresolved, or the server has nothing newer.
    if (editsOf.has(l.id) || !s || s.version <= version) out.set(l.id, item(l.id, l, version, true))
    else out.get(l.id)!.local = true
  }
  // Records that live only in the outbox until the server takes them (sales, visits): their latest edit.
  for (const [id, edits] of editsOf) if (!out.has(id)) out.set(id, item(id, edits[edits.length - 1]!.data, edits[0]!.base_version ?? 0, true))
  return [...out.values()]
}

/** Reads several entities' views in one transaction, so they agree with each other. */
export async function readViews<K extends string>(sources: Record<K, ViewSource>, database: LastmileDB = defaultDb): Promise<Record<K, Synced<unknown>[]>> {
  const entries = Object.entries(sources) as [K, ViewSource][]
  const tables = entries.flatMap(([, s]) => {
    const t = localTableOf(database, s)
    return t ? [t] : []
  })
  return database.transaction('r', [database.records, database.outbox, ...tables], async () => {
    const read = await Promise.all(
      entries.map(async ([k, s]) => {
        const table = localTableOf(database, s)
        const [local, synced, outbox] = await Promise.all([
          table ? table.toArray() : [],
          s.synced === false ? [] : database.records.where('entity').equals(s.entity).toArray(),
          outboxOf(database, s.entity),
        ])
        return [k, merge<unknown>(s.entity, s.where ? local.filter(s.where) : local, synced, outbox)] as const
      }),
    )
    return Object.fromEntries(read) as Record<K, Synced<unknown>[]>
  })
}

/** One entity's view; `T` is the record shape the caller's repository writes and the server sends. */
export async function readView<T>(source: ViewSource, database: LastmileDB = defaultDb): Promise<Synced<T>[]> {
  return (await readViews({ one: source }, database)).one as Synced<T>[]
}

/**
 * Drops device copies that have settled: no outbox row is left and the server's copy is newer than the
 * version the copy was based on. The view already shows the server's copy for them; the tables stop growing.
 */
export async function pruneSettled(database: LastmileDB = defaultDb): Promise<number> {
  const entries = Object.entries(LOCAL_COPIES) as [string, (typeof LOCAL_COPIES)[keyof typeof LOCAL_COPIES]][]
  const tables = entries.map(([, name]) => database[name] as unknown as Table<LocalRow, string>)
  return database.transaction('rw', [database.records, database.outbox, ...tables], async () => {
    let dropped = 0
    for (const [i, [entity]] of entries.entries()) {
      const table = tables[i]!
      const [local, synced, outbox] = await Promise.all([
        table.toArray(),
        database.records.where('entity').equals(entity).toArray(),
        outboxOf(database, entity),
      ])
      const waiting = new Set(outbox.map((r) => r.entity_id))
      const server = new Map(synced.map((s) => [s.entity_id, s.version]))
      const settled = local.filter((l) => !waiting.has(l.id) && (server.get(l.id) ?? -1) > (l.version ?? 0)).map((l) => l.id)
      if (settled.length) await table.bulkDelete(settled)
      dropped += settled.length
    }
    return dropped
  })
}
