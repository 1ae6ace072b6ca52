// Guards the promise in docs/deploy.md: every table can be distributed by subdistrict_id (Citus), because
// subdistrict_id leads every primary key, unique key and foreign key between distributed tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { migrateToLatest, openDatabase, type Database } from './database.ts'

/** Small tables copied to every node (Citus reference tables): keyed by their own id. */
export const REFERENCE_TABLES = ['subdistricts']

interface Key {
  table: string
  kind: 'primary' | 'unique' | 'foreign'
  columns: string[]
  references?: { table: string; columns: string[] }
}

let d: Database
let keys: Key[]
let tables: string[]

beforeAll(async () => {
  d = openDatabase(':memory:')
  await migrateToLatest(d.db)
  const q = async <T>(s: string) => (await sql.raw<T>(s).execute(d.db)).rows
  tables = (
    await q<{ name: string }>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name")
  ).map((r) => r.name)
  keys = []
  for (const t of tables) {
    const cols = await q<{ name: string; pk: number }>(`select name, pk from pragma_table_info('${t}')`)
    keys.push({
      table: t,
      kind: 'primary',
      columns: cols
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
    })
    for (const idx of await q<{ name: string; unique: number; origin: string }>(`select name, "unique", origin from pragma_index_list('${t}')`)) {
      if (!idx.unique || idx.origin === 'pk') continue
      const info = await q<{ name: string }>(`select name from pragma_index_info('${idx.name}') order by seqno`)
      keys.push({ table: t, kind: 'unique', columns: info.map((c) => c.name) })
    }
    const fks = await q<{ id: number; table: string; from: string; to: string | null }>(
      `select id, "table", "from", "to" from pragma_foreign_key_list('${t}') order by id, seq`,
    )
    for (const id of new Set(fks.map((f) => f.id))) {
      const parts = fks.filter((f) => f.id === id)
      keys.push({
        table: t,
        kind: 'foreign',
        columns: parts.map((p) => p.from),
        references: { table: parts[0]!.table, columns: parts.map((p) => p.to ?? 'id') },
      })
    }
  }
})
afterAll(() => d?.close())

describe('the schema can be distributed by subdistrict_id', () => {
  it('every distributed table has subdistrict_id first in its primary key and in every unique key', () => {
    const distributed = tables.filter((t) => !REFERENCE_TABLES.includes(t))
    expect(distributed.length).toBeGreaterThan(20)
    const bad = keys.filter((k) => distributed.includes(k.table) && k.kind !== 'foreign' && k.columns[0] !== 'subdistrict_id')
    expect(bad).toEqual([])
    for (const t of distributed)
      expect(
        keys.some((k) => k.table === t && k.kind === 'primary' && k.columns.length > 0),
        t,
      ).toBe(true)
  })

  it('foreign keys point to a reference table, or are co-located (subdistrict_id → subdistrict_id)', () => {
    const bad = keys.filter((k) => {
      if (k.kind !== 'foreign' || !k.references) return false
      if (REFERENCE_TABLES.includes(k.references.table)) return false
      const i = k.columns.indexOf('subdistrict_id')
      return i < 0 || k.references.columns[i] !== 'subdistrict_id'
    })
    expect(bad).toEqual([])
  })

  it('reference tables are small, keyed by their own id, and reference nothing', () => {
    for (const t of REFERENCE_TABLES) {
      expect(keys.find((k) => k.table === t && k.kind === 'primary')!.columns).toEqual(['id'])
      expect(keys.filter((k) => k.table === t && k.kind === 'foreign')).toEqual([])
    }
  })
})
