// Allergies and diets at the point of sale: the allergens a dish contains, the restrictions a resident
// has, and the one rule that says which of a day's dishes conflict with whom. The sale form, the kitchen
// sheet and the public menu all read this vocabulary, so the counter and the kitchen name the same thing.
import { z } from 'zod'

/** What a dish may contain that someone may be allergic to. */
export const ALLERGENS = ['peanut', 'tree_nut', 'sesame', 'seafood', 'fish', 'egg', 'milk', 'soy', 'wheat'] as const
export const Allergen = z.enum(ALLERGENS, { error: 'meals_allergen_invalid' })
export type Allergen = z.infer<typeof Allergen>

/**
 * Diets a resident keeps: `no_spicy` avoids dishes tagged spicy; the others need a dish that carries the
 * matching tag (soft, low_salt, …) among the dishes that are seasoned (meat, vegetable, side).
 */
export const DIET_NEEDS = ['no_spicy', 'soft', 'low_salt', 'low_sugar', 'low_fat', 'vegetarian', 'halal'] as const
export type DietNeed = (typeof DIET_NEEDS)[number]

/** A resident's structured restriction: an allergy (by allergen) or a diet. */
export const RESTRICTIONS = [...ALLERGENS, ...DIET_NEEDS] as const
export const Restriction = z.enum(RESTRICTIONS, { error: 'meals_restriction_invalid' })
export type Restriction = z.infer<typeof Restriction>

export const Restrictions = z
  .array(Restriction)
  .max(RESTRICTIONS.length)
  .default([])
  .transform((r) => [...new Set(r)])

/** Categories whose dishes a diet need is checked against; staple and soup are plain. */
const SEASONED = new Set(['meat', 'vegetable', 'side'])

export interface DishTags {
  name: string
  tags: readonly string[]
  allergens?: readonly string[]
}

export interface DietConflict {
  category: string
  dish: string
  restriction: Restriction
  /** 'allergen': the dish contains what the resident is allergic to; 'diet': it does not suit their diet. */
  kind: 'allergen' | 'diet'
}

const isAllergen = (r: string): r is Allergen => (ALLERGENS as readonly string[]).includes(r)

/** Why one dish does not suit someone with `restrictions` (empty when it does). */
export function dishConflicts(restrictions: readonly string[], category: string, dish: DishTags): DietConflict[] {
  const out: DietConflict[] = []
  for (const r of restrictions) {
    if (isAllergen(r)) {
      if (dish.allergens?.includes(r)) out.push({ category, dish: dish.name, restriction: r, kind: 'allergen' })
    } else if (r === 'no_spicy') {
      if (dish.tags.includes('spicy')) out.push({ category, dish: dish.name, restriction: r, kind: 'diet' })
    } else if ((DIET_NEEDS as readonly string[]).includes(r) && SEASONED.has(category) && !dish.tags.includes(r)) {
      out.push({ category, dish: dish.name, restriction: r as DietNeed, kind: 'diet' })
    }
  }
  return out
}

/** Every conflict of a day's set with someone's restrictions; allergies first. */
export function dayConflicts(restrictions: readonly string[], dishes: Record<string, DishTags | null | undefined>): DietConflict[] {
  const all = Object.entries(dishes).flatMap(([category, d]) => (d ? dishConflicts(restrictions, category, d) : []))
  return all.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'allergen' ? -1 : 1))
}
