// Seeds an empty database: reference data always, demo accounts and module demo data when asked.
// Each module adds its own seeder to DEMO_SEEDERS; they run in order, after the accounts.
import type { Kysely } from 'kysely'
import type { DB } from '../schema.ts'
import { seedReference } from './reference.ts'
import { seedAccounts } from './accounts.ts'
import { seedCounter } from '../../modules/counter/seed.ts'
import { seedMeals } from '../../modules/meals/seed.ts'
import { seedPatrol } from '../../modules/patrol/reports/seed.ts'
import { seedAgreements } from '../../modules/patrol/agreements/seed.ts'
import { seedHotspots } from '../../modules/patrol/hotspots/seed.ts'
import { seedReferenceLayers } from '../../modules/reference-layers/seed.ts'

export type Seeder = (db: Kysely<DB>, now: Date) => Promise<void>

const DEMO_SEEDERS: Seeder[] = [seedPatrol, seedHotspots, seedAgreements, seedMeals, seedCounter, seedReferenceLayers]

export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('subdistricts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0) === 0
}

export async function seed(db: Kysely<DB>, opts: { demo: boolean; now: Date }): Promise<boolean> {
  if (!(await isEmpty(db))) return false
  await seedReference(db, opts.now)
  if (opts.demo) {
    await seedAccounts(db, opts.now)
    for (const s of DEMO_SEEDERS) await s(db, opts.now)
  }
  return true
}
