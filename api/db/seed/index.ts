// Seeds an empty database: the core's reference data and each module's always, demo accounts and each
// module's demo data when asked. Modules run in list order, their seeders in the order they give.
import type { Kysely } from 'kysely'
import type { DB } from '../schema.ts'
import { seedReference } from './reference.ts'
import { seedAccounts } from './accounts.ts'
import type { ServerModule } from '../../modules/module.ts'

export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('subdistricts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0) === 0
}

export async function seed(db: Kysely<DB>, modules: readonly Pick<ServerModule, 'seed'>[], opts: { demo: boolean; now: Date }): Promise<boolean> {
  if (!(await isEmpty(db))) return false
  await seedReference(db, opts.now)
  for (const m of modules) if (m.seed?.reference) await m.seed.reference(db, opts.now)
  if (opts.demo) {
    await seedAccounts(db, opts.now)
    for (const m of modules) for (const s of m.seed?.demo ?? []) await s(db, opts.now)
  }
  return true
}
