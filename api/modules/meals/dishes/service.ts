// The dish catalogue the weekly menu picks from: a category each (荤/素/小菜/主食/汤羹饮品) and
// dietary tags residents and the kitchen look for (low salt, soft, …) and the allergens it contains.
import type { Dish, DishInput } from '#domain/meals/catalog.ts'
import { ALLERGENS, RESTRICTIONS, type Allergen, type Restriction } from '#domain/meals/diet.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { Db } from '../../../db/handle.ts'
import { notFound } from '../../../http/problem.ts'

type Row = { id: string; name: string; category: string; tags: string; allergens: string; active: number }

/** A JSON list column read back, keeping only words of `vocabulary` (a hand-edited row cannot break a read). */
function parseList<T extends string>(json: string, vocabulary: readonly T[]): T[] {
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v) ? v.filter((x): x is T => vocabulary.includes(x as T)) : []
  } catch {
    return []
  }
}
export const parseAllergens = (json: string): Allergen[] => parseList(json, ALLERGENS)
export const parseRestrictions = (json: string): Restriction[] => parseList(json, RESTRICTIONS)

export const toDish = (r: Row): Dish => ({
  id: r.id,
  name: r.name,
  category: r.category as Dish['category'],
  tags: JSON.parse(r.tags) as Dish['tags'],
  allergens: parseAllergens(r.allergens),
  active: r.active === 1,
})

export async function listDishes(db: Db, sd: string): Promise<Dish[]> {
  const rows = await db.selectFrom('meal_dishes').selectAll().where('subdistrict_id', '=', sd).orderBy('category').orderBy('name').execute()
  return rows.map(toDish)
}

export async function createDish(db: Db, sd: string, input: DishInput, now: Date, id = uuidv7(now.getTime())): Promise<Dish> {
  await db
    .insertInto('meal_dishes')
    .values({
      subdistrict_id: sd,
      id,
      name: input.name,
      category: input.category,
      tags: JSON.stringify(input.tags),
      allergens: JSON.stringify(input.allergens),
      active: input.active ? 1 : 0,
      created_at: now.toISOString(),
    })
    .execute()
  return { id, ...input }
}

export async function updateDish(db: Db, sd: string, id: string, input: DishInput): Promise<Dish> {
  const res = await db
    .updateTable('meal_dishes')
    .set({
      name: input.name,
      category: input.category,
      tags: JSON.stringify(input.tags),
      allergens: JSON.stringify(input.allergens),
      active: input.active ? 1 : 0,
    })
    .where('subdistrict_id', '=', sd)
    .where('id', '=', id)
    .executeTakeFirst()
  if (Number(res.numUpdatedRows) === 0) throw notFound('meals_dish_unknown')
  return { id, ...input }
}
