// Allergies and diets at the point of sale: what a dish contains (JSON list of allergens), a resident's
// structured restrictions (JSON list beside the free-text notes), and the reason given when a sale
// overlaps days the resident already holds tickets for.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('meal_dishes')
    .addColumn('allergens', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()
  await db.schema
    .alterTable('meal_subscribers')
    .addColumn('dietary_restrictions', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()
  await db.schema
    .alterTable('meal_sales')
    .addColumn('overlap_reason', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only')
}
