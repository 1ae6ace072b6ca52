// What "读给我听" says for the residents' lunch page: a day's dishes in the order of the set, the set's
// price in words a voice reads well (38元, not ¥38.00), and the pickup points.
import { DISH_CATEGORIES } from '#domain/meals/catalog.ts'
import { dayLabel } from '#domain/meals/week-label.ts'
import type { PublicMeals, PublicWeek } from '#domain/meals/views.ts'
import { keyIn, type TypedTranslation } from '../../i18n/index.ts'

type Day = Pick<PublicWeek['days'][number], 'date' | 'weekday' | 'closed' | 'closed_reason'> & {
  dishes: Record<string, { name: string } | null | undefined>
}
type Lang = 'zh-CN' | 'en'

/** Fen as a voice reads it: '38元', '38.5元' / '38 yuan'. */
export function spokenYuan(t: TypedTranslation, fen: number): string {
  return t('elder.yuan', { n: String(Math.round(fen) / 100) })
}

/** '星期一 3月2日'. */
export function dayName(t: TypedTranslation, day: Pick<Day, 'date' | 'weekday'>, lang: Lang): string {
  return `${t(keyIn('meals.weekday', day.weekday))} ${dayLabel(day.date, lang)}`
}

export function daySpeech(t: TypedTranslation, day: Day, lang: Lang, setFen?: number): string {
  const name = dayName(t, day, lang)
  if (day.closed) return t('meals.public.speechClosed', { day: name, reason: day.closed_reason ?? '' }).trim()
  const sep = lang === 'en' ? ', ' : '，'
  const dishes = DISH_CATEGORIES.flatMap((c) => {
    const d = day.dishes[c]
    return d ? [`${t(keyIn('meals.cat', c))} ${d.name}`] : []
  }).join(sep)
  const price = setFen === undefined ? '' : t('meals.public.speechPrice', { p: spokenYuan(t, setFen) })
  return t('meals.public.speechDay', { day: name, dishes }) + price
}

export function pickupSpeech(t: TypedTranslation, points: PublicMeals['pickup_points'], lang: Lang): string {
  if (!points.length) return ''
  const sep = lang === 'en' ? '; ' : '；'
  return t('meals.public.speechWhere', { points: points.map((p) => `${p.name}，${p.address}，${p.opens_time}–${p.closes_time}`).join(sep) })
}
