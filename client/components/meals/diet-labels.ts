// How the meals pages name an allergy or a diet and a conflict of a dish with one, in the UI language.
import { ALLERGENS, type DietConflict } from '#domain/meals/diet.ts'
import { dayLabel } from '#domain/meals/week-label.ts'
import { keyIn, type TypedTranslation as T } from '../../i18n/index.ts'

const isAllergen = (r: string) => (ALLERGENS as readonly string[]).includes(r)

/** 'peanut' → 花生, 'no_spicy' → 不吃辣. */
export function restrictionLabel(t: T, r: string): string {
  return isAllergen(r) ? t(keyIn('meals.allergen', r)) : t(keyIn('meals.need', r))
}

export function restrictionsText(t: T, list: readonly string[], lang: 'zh-CN' | 'en'): string {
  return list.map((r) => restrictionLabel(t, r)).join(lang === 'en' ? ', ' : '、')
}

/** '12月7日 五香花生 含花生，周玉珍 对花生过敏'. */
export function conflictText(t: T, c: Pick<DietConflict, 'dish' | 'kind'> & { restriction: string }, name: string, date: string, lang: 'zh-CN' | 'en'): string {
  const params = { date: dayLabel(date, lang), dish: c.dish, name, what: restrictionLabel(t, c.restriction) }
  return c.kind === 'allergen' ? t('meals.sell.conflictAllergen', params) : t('meals.sell.conflictDiet', params)
}
