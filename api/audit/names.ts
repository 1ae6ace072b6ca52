// Names for the ids an audit entry mentions (a dish in a menu, the worker of a shift, the account a role
// was given), so the admin reads "红烧肉" instead of a UUID. The candidates are the entries' own ids,
// values under `id`, `…_id` and `…_ids` keys, and any UUID in a snapshot (a key or a value); each is
// looked up in the tables of named records of this subdistrict. Residents (meal subscribers) are not
// among them: their names stay out of the log.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { UUID_RE } from '#domain/ids.ts'

/** Tables of named records: the table and its column a person knows the record by. */
const NAMED: readonly { table: keyof DB; name: string }[] = [
  { table: 'users', name: 'display_name' },
  { table: 'communities', name: 'name' },
  { table: 'meal_dishes', name: 'name' },
  { table: 'meal_pickup_points', name: 'name' },
  { table: 'counter_workers', name: 'name' },
  { table: 'counter_desks', name: 'name' },
  { table: 'counter_guides', name: 'name' },
  { table: 'counter_templates', name: 'name' },
  { table: 'patrol_hotspots', name: 'landmark' },
  { table: 'patrol_agreements', name: 'title' },
  { table: 'patrol_zones', name: 'name' },
  { table: 'reference_layers', name: 'name' },
]
const MAX_CANDIDATES = 2000

const isIdKey = (key: string) => key === 'id' || key.endsWith('_id') || key.endsWith('_ids')

/** The strings of a snapshot that may be ids of named records. */
export function idCandidates(value: unknown, out: Set<string>, key = ''): Set<string> {
  if (out.size >= MAX_CANDIDATES) return out
  if (typeof value === 'string') {
    if (value.length <= 80 && (isIdKey(key) || UUID_RE.test(value))) out.add(value)
  } else if (Array.isArray(value)) {
    for (const v of value) idCandidates(v, out, key)
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (UUID_RE.test(k)) out.add(k)
      idCandidates(v, out, k)
    }
  }
  return out
}

/** id → name of every candidate found; a name found in the first table of the list wins. */
export async function namesOf(db: Kysely<DB>, subdistrictId: string, ids: Set<string>): Promise<Record<string, string>> {
  const names: Record<string, string> = {}
  if (!ids.size) return names
  const list = [...ids]
  const loose = db as unknown as Kysely<Record<string, { subdistrict_id: string; id: string; [k: string]: string }>>
  for (const { table, name } of NAMED) {
    const rows = await loose
      .selectFrom(table)
      .select(['id', `${name} as name`])
      .where('subdistrict_id', '=', subdistrictId)
      .where('id', 'in', list)
      .execute()
    for (const r of rows) if (!(r.id in names) && r.name) names[r.id] = r.name
  }
  return names
}
