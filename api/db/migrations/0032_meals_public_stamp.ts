// The residents' menu (api/modules/meals/public) is read from seven meal tables and is the same for
// everyone until one of them is written. Each subdistrict gets a stamp that a trigger renews (a new
// random value) in the same transaction as every insert, update or delete on those tables, so an API
// process can keep the menu's data and, per request, read only the stamp to know whether they still
// hold, whichever process or tool wrote.
import { sql, type Kysely } from 'kysely'
import { dialectOf } from '../dialect.ts'

/** The tables the residents' menu is read from. */
export const MEAL_PUBLIC_TABLES = [
  'meal_dishes',
  'meal_menus',
  'meal_menu_days',
  'meal_menu_changes',
  'meal_prices',
  'meal_settings',
  'meal_pickup_points',
] as const

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meal_public_stamps')
    .addColumn('subdistrict_id', 'text', (c) => c.notNull().primaryKey())
    .addColumn('stamp', 'text', (c) => c.notNull())
    .execute()
  if (dialectOf(db) === 'postgres') {
    await sql`
      create function meal_public_restamp() returns trigger
      language plpgsql
      as $$
      declare
        v_stamp text := md5(random()::text || clock_timestamp()::text);
      begin
        if tg_op <> 'INSERT' then
          insert into meal_public_stamps (subdistrict_id, stamp) values (old.subdistrict_id, v_stamp)
            on conflict (subdistrict_id) do update set stamp = excluded.stamp;
        end if;
        if tg_op <> 'DELETE' then
          insert into meal_public_stamps (subdistrict_id, stamp) values (new.subdistrict_id, v_stamp)
            on conflict (subdistrict_id) do update set stamp = excluded.stamp;
        end if;
        return null;
      end
      $$`.execute(db)
    for (const table of MEAL_PUBLIC_TABLES)
      await sql`create trigger ${sql.raw(`${table}_restamp`)} after insert or update or delete on ${sql.table(table)}
        for each row execute function meal_public_restamp()`.execute(db)
    return
  }
  for (const table of MEAL_PUBLIC_TABLES)
    for (const [op, row] of [
      ['insert', ['new']],
      ['update', ['old', 'new']],
      ['delete', ['old']],
    ] as const) {
      const restamp = row.map(
        (r) =>
          `insert into meal_public_stamps (subdistrict_id, stamp) values (${r}.subdistrict_id, lower(hex(randomblob(16)))) on conflict (subdistrict_id) do update set stamp = excluded.stamp;`,
      )
      await sql.raw(`create trigger ${table}_restamp_${op} after ${op} on ${table} begin ${restamp.join(' ')} end`).execute(db)
    }
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
